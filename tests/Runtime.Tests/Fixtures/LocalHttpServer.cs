using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pulse.Runtime.Tests.Fixtures;

/// <summary>A real HTTP server on 127.0.0.1 and a free port, answering with a handler and recording every request.</summary>
public sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<HttpListenerRequest, int, (int Status, string Body, TimeSpan Delay)> handler;
    private readonly Task loop;

    /// <param name="handler">Gets the request and its 1-based number; returns status, JSON body and an optional delay before answering.</param>
    public LocalHttpServer(Func<HttpListenerRequest, int, (int Status, string Body, TimeSpan Delay)> handler)
    {
        this.handler = handler;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public ConcurrentQueue<(string PathAndQuery, string? Authorization)> Requests { get; } = new();

    private async Task ServeAsync()
    {
        var count = 0;
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var number = Interlocked.Increment(ref count);
            Requests.Enqueue((context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"]));
            _ = Task.Run(async () =>
            {
                var (status, body, delay) = handler(context.Request, number);
                if (delay > TimeSpan.Zero) await Task.Delay(delay);
                try
                {
                    context.Response.StatusCode = status;
                    context.Response.ContentType = "application/json";
                    var bytes = Encoding.UTF8.GetBytes(body);
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException) { /* the client gave up (timeout test) */ }
            });
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
