using Pulse.Lsp.Documents;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary><c>initialize</c>, <c>initialized</c>, <c>shutdown</c> and <c>exit</c>.</summary>
public sealed class LifecycleHandler(RequestRunner runner, Func<ServerCapabilities> capabilities)
{
    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams parameters)
    {
        runner.Lifecycle.MarkInitialized();
        runner.Manager.SetRoot(RootOf(parameters));
        var version = typeof(LifecycleHandler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return new InitializeResult(capabilities(), new ServerInfo("pulse", version));
    }

    [JsonRpcMethod("initialized", UseSingleObjectParameterDeserialization = true)]
    public void Initialized(object? parameters)
    {
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        runner.Lifecycle.EnsureServing();
        runner.Lifecycle.MarkShutDown();
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit() => runner.Lifecycle.Exit();

    private static string? RootOf(InitializeParams parameters)
    {
        var uri = parameters.WorkspaceFolders is { Length: > 0 } folders ? folders[0].Uri : parameters.RootUri;
        if (uri is not null) return DocumentUri.ToPath(uri);
        return parameters.RootPath is { Length: > 0 } path ? Path.GetFullPath(path) : null;
    }
}
