using Pulse.Lsp.Rpc;

namespace Pulse.Lsp.Handlers;

/// <summary>
/// Runs every request the same way: refuse it outside the serving state, take the current
/// snapshot at arrival (so it sees every edit sent before it), compute off the protocol thread so
/// <c>$/cancelRequest</c> can be read meanwhile, and turn a crash into an error response plus a log
/// line rather than a dead server.
/// </summary>
public sealed class RequestRunner(ServerLifecycle lifecycle, CompilationManager manager, ClientLog log, IdleCollector? idle = null)
{
    public ServerLifecycle Lifecycle => lifecycle;
    public CompilationManager Manager => manager;
    public ClientLog Log => log;

    public Task<T> RunAsync<T>(string method, CancellationToken cancellation, Func<WorkspaceSnapshot, CancellationToken, T> work)
    {
        lifecycle.EnsureServing();
        var snapshot = manager.Current;
        var busy = idle?.Busy(); // no idle-time collection while a request is being answered
        var task = Task.Run(() =>
        {
            cancellation.ThrowIfCancellationRequested();
            return work(snapshot, cancellation);
        }, cancellation);
        busy?.DisposeWhenDone(task);
        return task;
    }

    /// <summary>Notifications have no response to carry an error: log it and keep serving.</summary>
    public void Notify(string method, Action work)
    {
        if (!lifecycle.IsInitialized || lifecycle.IsShutDown) return; // the protocol says drop them
        idle?.Touch();
        try
        {
            work();
        }
        catch (Exception e)
        {
            log.Error($"{method} failed: {e}");
        }
    }
}
