using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using Pulse.Lsp.Protocol;

namespace Pulse.Lsp.Rpc;

/// <summary>
/// The JSON-RPC connection with the server's error policy: a handler that throws answers with an
/// error response (InternalError, with the message) and a log line, and the server lives on.
/// Cancellation and deliberate protocol errors (<see cref="LocalRpcException"/>) keep their codes.
/// </summary>
public sealed class LspJsonRpc(IJsonRpcMessageHandler handler, ClientLog log) : JsonRpc(handler)
{
    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        var inner = exception is System.Reflection.TargetInvocationException { InnerException: { } e } ? e : exception;
        if (inner is LocalRpcException or OperationCanceledException)
            return base.CreateErrorDetails(request, inner);

        log.Error($"{request.Method} failed: {inner}");
        return new JsonRpcError.ErrorDetail
        {
            Code = (JsonRpcErrorCode)LspErrorCodes.InternalError,
            Message = $"{request.Method} failed: {inner.Message}",
        };
    }
}
