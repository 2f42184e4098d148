using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp;

/// <summary>
/// The protocol's lifecycle: requests before <c>initialize</c> are refused with
/// ServerNotInitialized, requests after <c>shutdown</c> with InvalidRequest; <c>exit</c> ends the
/// server (exit code 0 after a shutdown, 1 without one, as the specification asks).
/// </summary>
public sealed class ServerLifecycle
{
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int state; // 0 new, 1 initialized, 2 shut down

    public bool IsInitialized => state >= 1;
    public bool IsShutDown => state == 2;
    public Task<int> Exited => exited.Task;

    public void MarkInitialized()
    {
        if (state != 0) throw new LocalRpcException("initialize was already called") { ErrorCode = LspErrorCodes.InvalidRequest };
        state = 1;
    }

    public void MarkShutDown() => state = 2;

    public void Exit() => exited.TrySetResult(IsShutDown ? 0 : 1);

    /// <summary>Throws the protocol error for a request that arrives outside the working state.</summary>
    public void EnsureServing()
    {
        if (state == 0) throw new LocalRpcException("the server is not initialized yet") { ErrorCode = LspErrorCodes.ServerNotInitialized };
        if (state == 2) throw new LocalRpcException("the server is shutting down") { ErrorCode = LspErrorCodes.InvalidRequest };
    }
}
