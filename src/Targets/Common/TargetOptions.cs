using System.Collections.Immutable;

namespace Pulse.Targets.Common;

/// <summary>
/// Options shared by every target. Kept deliberately small: anything a target needs about the
/// pipeline comes from the IR; these are only choices the caller makes about the output.
/// </summary>
public sealed record TargetOptions
{
    public static TargetOptions Default { get; } = new();

    /// <summary>Target-specific switches (<c>name=value</c>), for options too local to deserve a member.</summary>
    public ImmutableSortedDictionary<string, string> Properties { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}
