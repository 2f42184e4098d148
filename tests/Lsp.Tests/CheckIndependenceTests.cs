using System.Collections.Concurrent;
using Pulse.Lsp.Analysis;
using Pulse.Lsp.Protocol;
using Pulse.Lsp.Tests.Infrastructure;

namespace Pulse.Lsp.Tests;

/// <summary>
/// What must not wait for the check of the newest edit (binding and type checking), proven by
/// holding that check back with the server's test hook: completion is answered from the new text's
/// syntax and the last finished check; a newer edit cancels a check in flight; a cancelled request
/// that waits for a check is answered at once.
/// </summary>
public class CheckIndependenceTests
{
    private const string Spec = """
        source s: csv {
          path = "s.csv"
          schema {
            amount: decimal(12, 2)
            day: date
          }
        }

        batch view v {
          from s
          derive doubled = amount * 2
          where amount > 0
        }

        """;

    /// <summary>Holds every check at its start while closed; records the cancellation token of each check that entered.</summary>
    private sealed class CheckGate
    {
        private readonly ManualResetEventSlim open = new(true);
        private readonly SemaphoreSlim entered = new(0);

        public ConcurrentQueue<CancellationToken> Checks { get; } = new();

        public void Hold() => open.Reset();

        public void Release() => open.Set();

        public void BeforeCheck(CancellationToken cancellation)
        {
            Checks.Enqueue(cancellation);
            entered.Release();
            open.Wait(cancellation);
        }

        /// <summary>Waits until a check has entered the gate; returns its token.</summary>
        public async Task<CancellationToken> EnteredAsync()
        {
            Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(20)), "no check started");
            return Checks.Last();
        }

        public void Drain()
        {
            while (entered.CurrentCount > 0) entered.Wait(0);
        }
    }

    private static async Task<(LspTestClient Client, CheckGate Gate, string Uri, TempWorkspace Workspace)> OpenAsync()
    {
        var gate = new CheckGate();
        var workspace = new TempWorkspace();
        var client = LspTestClient.Start(new LanguageServerOptions
        {
            DiagnosticsDelay = TimeSpan.Zero,
            LogToStandardError = false,
            BeforeCheck = gate.BeforeCheck,
        });
        await client.InitializeAsync(workspace.Root);
        var uri = workspace.UriOf("spec.pulse");
        await client.OpenAsync(uri, Spec);
        await client.WaitForDiagnosticsAsync(uri, d => d.Version == 1);
        gate.Drain();
        return (client, gate, uri, workspace);
    }

    [Fact]
    public async Task Completion_is_answered_while_the_check_of_the_edit_is_held_back()
    {
        var (client, gate, uri, workspace) = await OpenAsync();
        await using var _ = client;
        using var __ = workspace;
        gate.Hold();
        try
        {
            // A new derived column above the where clause, then completion inside the where clause.
            var whereLine = Spec.Split('\n').ToList().FindIndex(l => l.StartsWith("  where", StringComparison.Ordinal));
            await client.ChangeAsync(uri, 2, new TextDocumentContentChangeEvent(new LspRange(new Position(whereLine, 0), new Position(whereLine, 0)), null, "  derive tripled = amount * 3\n"));
            await gate.EnteredAsync(); // the check of version 2 is running (and held)

            // Had completion waited for the held check, this would time out (the gate opens only below).
            var list = await client.RequestAsync<CompletionList>("textDocument/completion", new { textDocument = new { uri }, position = new Position(whereLine + 1, "  where ".Length) })
                .WaitAsync(TimeSpan.FromSeconds(15));

            // Syntax of the new text: the column derived in version 2 is there (its type is not checked yet) ...
            Assert.Contains(list.Items, i => i.Label == "tripled" && i.Detail == "= amount * 3");
            // ... and the types of the last finished check (version 1), mapped across the edit.
            Assert.Contains(list.Items, i => i.Label == "doubled" && i.Detail!.StartsWith("decimal(", StringComparison.Ordinal) && i.Detail.EndsWith("= amount * 2", StringComparison.Ordinal));
            Assert.Contains(list.Items, i => i.Label == "amount" && i.Detail == "decimal(12, 2)");
            Assert.DoesNotContain(client.AllDiagnostics(), d => d.Version == 2); // still held: nothing waited for it
        }
        finally
        {
            gate.Release();
        }
        var published = await client.WaitForDiagnosticsAsync(uri, d => d.Version == 2);
        Assert.DoesNotContain(published.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public async Task A_newer_edit_cancels_the_check_in_flight_and_only_the_newest_is_published()
    {
        var (client, gate, uri, workspace) = await OpenAsync();
        await using var _ = client;
        using var __ = workspace;
        gate.Hold();
        var edit = new TextDocumentContentChangeEvent(new LspRange(new Position(0, 0), new Position(0, 0)), null, "// a comment\n");
        try
        {
            await client.ChangeAsync(uri, 2, edit);
            var second = await gate.EnteredAsync();

            await client.ChangeAsync(uri, 3, edit);

            var cancelled = new TaskCompletionSource();
            using var registration = second.Register(() => cancelled.TrySetResult());
            await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20)); // the check of version 2 was told to stop
            await gate.EnteredAsync(); // and version 3's started
        }
        finally
        {
            gate.Release();
        }
        await client.WaitForDiagnosticsAsync(uri, d => d.Version == 3);
        Assert.DoesNotContain(client.AllDiagnostics(), d => d.Version == 2);
    }

    [Fact]
    public async Task A_cancelled_hover_waiting_for_a_held_check_is_answered_at_once_and_the_server_keeps_serving()
    {
        var (client, gate, uri, workspace) = await OpenAsync();
        await using var _ = client;
        using var __ = workspace;
        var derived = new Position(Spec.Split('\n').ToList().FindIndex(l => l.Contains("derive doubled", StringComparison.Ordinal)), "  derive do".Length);
        gate.Hold();
        try
        {
            await client.ChangeAsync(uri, 2, new TextDocumentContentChangeEvent(new LspRange(new Position(0, 0), new Position(0, 0)), null, "// a comment\n"));
            await gate.EnteredAsync();

            using var cancel = new CancellationTokenSource();
            var hover = client.RequestAsync<Hover?>("textDocument/hover", new { textDocument = new { uri }, position = derived with { Line = derived.Line + 1 } }, cancel.Token);
            await Task.Delay(200);
            Assert.False(hover.IsCompleted); // it waits for the held check (hover shows checked types)
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hover.WaitAsync(TimeSpan.FromSeconds(20)));
        }
        finally
        {
            gate.Release();
        }
        var answered = await client.RequestAsync<Hover?>("textDocument/hover", new { textDocument = new { uri }, position = derived with { Line = derived.Line + 1 } });
        Assert.NotNull(answered);
        Assert.Contains("doubled", answered!.Contents.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abcdef", "abXcdef", 0, 0)]   // before the edit: unchanged
    [InlineData("abcdef", "abXcdef", 2, 2)]   // at the edit
    [InlineData("abcdef", "abXcdef", 3, 2)]   // inside the inserted text: the start of the edit
    [InlineData("abcdef", "abXcdef", 4, 3)]   // after it: shifted back by one
    [InlineData("abcdef", "abXcdef", 7, 6)]   // the end
    [InlineData("abcdef", "af", 1, 1)]
    [InlineData("abcdef", "af", 2, 6)]        // after a deletion: shifted forward
    [InlineData("same", "same", 3, 3)]
    [InlineData("aaaa", "aaaaa", 5, 4)]       // repeated characters: a consistent split
    public void EditMap_maps_offsets_of_the_new_text_back_to_the_old(string older, string newer, int offset, int expected)
    {
        Assert.Equal(expected, new EditMap(older, newer).ToOlder(offset));
    }
}
