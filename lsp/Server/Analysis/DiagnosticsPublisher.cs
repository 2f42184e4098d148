using Pulse.Lsp.Protocol;
using Pulse.Lsp.Rpc;

namespace Pulse.Lsp.Analysis;

/// <summary>
/// Publishes the diagnostics of each edit as soon as it is checked (after an optional quiet time,
/// none by default: see <see cref="LanguageServerOptions.DiagnosticsDelay"/>); only the newest state is
/// published, and a newer change cancels the check of the one before it (the binder stops at the next
/// declaration). Files that had diagnostics and no longer do get an empty list, so the editor clears
/// them. Publications are serialized so they arrive in generation order.
/// </summary>
public sealed class DiagnosticsPublisher : IDisposable
{
    private readonly Func<PublishDiagnosticsParams, Task> send;
    private readonly ClientLog log;
    private readonly TimeSpan delay;
    private readonly SemaphoreSlim publishing = new(1, 1);
    private readonly object gate = new();
    private readonly HashSet<string> urisWithDiagnostics = new(StringComparer.Ordinal);
    private CancellationTokenSource? pending;
    private long latestGeneration;
    private bool disposed;

    private readonly IdleCollector? idle;

    public DiagnosticsPublisher(Func<PublishDiagnosticsParams, Task> send, ClientLog log, TimeSpan delay, IdleCollector? idle = null)
    {
        this.send = send;
        this.log = log;
        this.delay = delay;
        this.idle = idle;
    }

    public void Schedule(WorkspaceSnapshot snapshot)
    {
        CancellationTokenSource cancellation;
        lock (gate)
        {
            if (disposed) return;
            pending?.Cancel();
            pending?.Dispose();
            pending = cancellation = new CancellationTokenSource();
            latestGeneration = snapshot.Generation;
        }
        _ = Task.Run(() => PublishAfterDelayAsync(snapshot, cancellation.Token));
    }

    private async Task PublishAfterDelayAsync(WorkspaceSnapshot snapshot, CancellationToken cancellation)
    {
        using var busy = idle?.Busy(); // a check in progress is not a quiet moment
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellation).ConfigureAwait(false);
            var files = snapshot.Analysis.GetDiagnostics(cancellation);
            await publishing.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                if (snapshot.Generation != Interlocked.Read(ref latestGeneration)) return; // superseded
                await PublishAsync(snapshot, files).ConfigureAwait(false);
                busy?.Dispose();
                idle?.AfterPublish();
            }
            finally
            {
                publishing.Release();
            }
        }
        catch (OperationCanceledException)
        {
            // A newer edit arrived; its own run publishes.
        }
        catch (ObjectDisposedException)
        {
            // The server is shutting down.
        }
        catch (Exception e)
        {
            log.Error($"publishing diagnostics failed: {e}");
        }
    }

    private async Task PublishAsync(WorkspaceSnapshot snapshot, IReadOnlyList<FileDiagnostics> files)
    {
        var stale = new HashSet<string>(urisWithDiagnostics, StringComparer.Ordinal);
        foreach (var file in files)
        {
            stale.Remove(file.Uri);
            if (file.Diagnostics.Length == 0 && !urisWithDiagnostics.Contains(file.Uri) && snapshot.Documents.FindByUri(file.Uri) is null)
                continue; // nothing to say about a closed, clean file
            var version = snapshot.Documents.FindByUri(file.Uri)?.Version;
            await send(new PublishDiagnosticsParams(file.Uri, version, file.Diagnostics)).ConfigureAwait(false);
            if (file.Diagnostics.Length > 0) urisWithDiagnostics.Add(file.Uri);
            else urisWithDiagnostics.Remove(file.Uri);
        }
        foreach (var uri in stale.Order(StringComparer.Ordinal))
        {
            await send(new PublishDiagnosticsParams(uri, null, [])).ConfigureAwait(false);
            urisWithDiagnostics.Remove(uri);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            pending?.Cancel();
            pending?.Dispose();
            pending = null;
        }
    }
}

/// <summary>The diagnostics of one file, already in protocol form.</summary>
public sealed record FileDiagnostics(string Uri, Diagnostic[] Diagnostics);
