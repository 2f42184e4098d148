namespace Pulse.Lsp.Analysis;

/// <summary>
/// What every analysis of a server shares across edits: the parsed files that are not open, the
/// newest checked unit per root (the semantic side of completion while a newer edit is still being
/// checked) and the hook tests use to hold a check back.
/// </summary>
public sealed class AnalysisServices
{
    public AnalysisServices(DiskFileCache? disk = null, Action<CancellationToken>? beforeCheck = null)
    {
        Disk = disk ?? new DiskFileCache();
        BeforeCheck = beforeCheck;
    }

    public DiskFileCache Disk { get; }
    public CheckedUnits Checked { get; } = new();

    /// <summary>Runs before each unit is bound and checked (tests gate it to prove nothing waits for the check).</summary>
    public Action<CancellationToken>? BeforeCheck { get; }
}
