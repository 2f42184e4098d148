using Nerdbank.Streams;
using StreamJsonRpc;

namespace Pulse.Lsp.Tests;

public class SmokeTests
{
    private sealed class Calculator
    {
        public int Add(int a, int b) => a + b;
    }

    [Fact]
    public async Task JsonRpc_round_trips_over_a_duplex_stream()
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        using var server = JsonRpc.Attach(serverStream, new Calculator());
        using var client = JsonRpc.Attach(clientStream);

        var sum = await client.InvokeAsync<int>("Add", 40, 2);

        Assert.Equal(42, sum);
    }
}
