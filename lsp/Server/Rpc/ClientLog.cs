using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Rpc;

/// <summary>
/// Sends <c>window/logMessage</c> notifications, the editor's output channel for the server. Also
/// mirrors to stderr, which editors show in their server log; stdout is the protocol stream.
/// </summary>
public sealed class ClientLog(bool mirrorToStandardError)
{
    private JsonRpc? rpc;

    public void Attach(JsonRpc connection) => rpc = connection;

    public void Error(string message) => Send(MessageType.Error, message);
    public void Info(string message) => Send(MessageType.Info, message);

    private void Send(int type, string message)
    {
        try
        {
            if (mirrorToStandardError) Console.Error.WriteLine($"[pulse-lsp] {message}");
            var connection = rpc;
            if (connection is null || connection.IsDisposed) return;
            _ = connection.NotifyWithParameterObjectAsync("window/logMessage", new LogMessageParams(type, message))
                .ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
        catch (Exception)
        {
            // Logging must never take the server down (e.g. the connection closed mid-write).
        }
    }
}
