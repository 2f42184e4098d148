namespace Pulse.Targets.Common;

/// <summary>
/// One generated artifact. <see cref="RelativePath"/> is relative to the build folder, uses '/' and
/// starts with the target's folder (e.g. <c>postgres/schema.sql</c>).
/// </summary>
public sealed record GeneratedFile(string RelativePath, string Content);
