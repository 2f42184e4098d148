using System.Collections.Concurrent;

namespace Pulse.Lsp.Analysis;

/// <summary>
/// The newest compilation unit per root file whose check has finished. Completion reads types from
/// it when the current text is not checked yet: stale by an edit or two, but instant, where waiting
/// for the binder would not be.
/// </summary>
public sealed class CheckedUnits
{
    private readonly ConcurrentDictionary<string, CompilationUnit> latest = new(StringComparer.Ordinal);

    public void Record(CompilationUnit unit) =>
        latest.AddOrUpdate(unit.RootPath, unit, (_, known) => known.Sequence >= unit.Sequence ? known : unit);

    /// <summary>The newest checked unit rooted at the file, or null when none has been checked yet.</summary>
    public CompilationUnit? Latest(string rootPath) => latest.GetValueOrDefault(rootPath);

    /// <summary>Forgets a root (its document was closed).</summary>
    public void Forget(string rootPath) => latest.TryRemove(rootPath, out _);
}
