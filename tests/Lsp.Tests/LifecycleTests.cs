using System.Text;
using System.Text.Json;
using Nerdbank.Streams;
using Pulse.Lsp.Protocol;
using Pulse.Lsp.Tests.Infrastructure;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Pulse.Lsp.Tests;

public class LifecycleTests
{
    [Fact]
    public async Task Initialize_returns_server_info_and_incremental_utf16_sync()
    {
        await using var client = LspTestClient.Start();

        var result = await client.InitializeAsync(Repo.Pipelines);

        Assert.Equal("pulse", result.ServerInfo.Name);
        Assert.Equal("utf-16", result.Capabilities.PositionEncoding);
        Assert.NotNull(result.Capabilities.TextDocumentSync);
        Assert.True(result.Capabilities.TextDocumentSync!.OpenClose);
        Assert.Equal(TextDocumentSyncKind.Incremental, result.Capabilities.TextDocumentSync.Change);
    }

    [Fact]
    public async Task A_request_before_initialize_is_refused_with_ServerNotInitialized()
    {
        await using var client = LspTestClient.Start();

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<object?>("shutdown", null));

        Assert.Equal(LspErrorCodes.ServerNotInitialized, error.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_method_is_MethodNotFound_and_the_server_keeps_serving()
    {
        await using var client = await LspTestClient.StartInitializedAsync();

        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync<object?>("pulse/noSuchThing", new { }));
        await client.NotifyAsync("$/noSuchNotification", new { });

        Assert.Equal(JsonRpcErrorCode.MethodNotFound, error.ErrorCode);
        Assert.Equal(0, await client.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task Shutdown_then_exit_ends_the_server_with_code_0_and_refuses_requests_in_between()
    {
        await using var client = await LspTestClient.StartInitializedAsync();

        await client.RequestAsync<object?>("shutdown", null);
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<object?>("shutdown", null));
        await client.NotifyAsync("exit", null);

        Assert.Equal(LspErrorCodes.InvalidRequest, error.ErrorCode);
        Assert.Equal(0, await client.Server.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Exit_without_shutdown_ends_the_server_with_code_1()
    {
        await using var client = await LspTestClient.StartInitializedAsync();

        await client.NotifyAsync("exit", null);

        Assert.Equal(1, await client.Server.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Closing_the_input_ends_the_server()
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        var server = Task.Run(() => LanguageServer.RunAsync(serverStream, serverStream, new LanguageServerOptions { LogToStandardError = false }, CancellationToken.None));

        await clientStream.DisposeAsync();

        Assert.Equal(1, await server.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Messages_use_Content_Length_framing_byte_for_byte()
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        var server = Task.Run(() => LanguageServer.RunAsync(serverStream, serverStream, new LanguageServerOptions { LogToStandardError = false }, CancellationToken.None));

        // Non-ASCII in the body: Content-Length counts bytes, not characters.
        var body = """{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{},"clientInfo":{"name":"tëst"}}}""";
        var bytes = Encoding.UTF8.GetBytes(body);
        await clientStream.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {bytes.Length}\r\n\r\n"));
        await clientStream.WriteAsync(bytes);
        await clientStream.FlushAsync();

        var response = await ReadFramedMessageAsync(clientStream);
        using var json = JsonDocument.Parse(response);
        Assert.Equal(7, json.RootElement.GetProperty("id").GetInt32());
        Assert.Equal("pulse", json.RootElement.GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("result").GetProperty("capabilities").GetProperty("textDocumentSync").GetProperty("change").GetInt32());

        await clientStream.DisposeAsync();
        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<string> ReadFramedMessageAsync(Stream stream)
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0) throw new EndOfStreamException();
            header.Append((char)one[0]);
        }
        var lengthLine = header.ToString().Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return Encoding.UTF8.GetString(body);
    }
}
