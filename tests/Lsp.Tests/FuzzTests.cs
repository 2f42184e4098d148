using Pulse.Lsp.Documents;
using Pulse.Lsp.Protocol;
using Pulse.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Pulse.Lsp.Tests;

/// <summary>
/// Random edits (insertions of grammar fragments and garbage, deletions of random ranges) on the
/// examples, with every kind of request in between, for a bounded time: every request must be
/// answered (a result, or a deliberate RequestFailed from rename), none may fail internally, and
/// the server must never exit.
/// </summary>
public class FuzzTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "(", ")", "[", "]", "\"", "`", "//", "/*", "*/", "///", "\n", "\r\n", " ", ",", ".", ":", "=", "==", "->", "??", "?", "%",
        "select ", "from ", "join ", "group by ", "where ", "derive x = ", "source s: csv {", "batch view v {", "expect e: ",
        "schema { a: int }", "case when", "end", "99%", "5m", "1e6", "decimal(", "list<", "record {", "\\u00", "é", "😀", "x", "count(*)",
    ];

    private static readonly string[] PositionRequests =
    [
        "textDocument/completion", "textDocument/hover", "textDocument/definition", "textDocument/documentHighlight",
        "textDocument/signatureHelp", "textDocument/prepareRename",
    ];

    private static readonly string[] DocumentRequests =
    [
        "textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/foldingRange", "textDocument/formatting",
    ];

    [Fact]
    public async Task Random_edits_with_requests_in_between_never_break_the_server()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PULSE_FUZZ_SEED"), out var configured) ? configured : 20261126;
        var random = new Random(seed);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        await using var client = await LspTestClient.StartInitializedAsync(Repo.Pipelines);
        var answered = 0;
        var edits = 0;

        foreach (var example in Repo.Examples)
        {
            var text = File.ReadAllText(example);
            var uri = DocumentUri.FromPath(example);
            await client.OpenAsync(uri, text);
            var version = 1;
            var budget = deadline - DateTime.UtcNow;
            var exampleDeadline = DateTime.UtcNow + budget / Math.Max(1, Repo.Examples.Count() - Repo.Examples.TakeWhile(e => e != example).Count());
            while (DateTime.UtcNow < exampleDeadline)
            {
                // One random edit, sent as an incremental change.
                var start = random.Next(text.Length + 1);
                var end = Math.Min(text.Length, start + (random.Next(3) == 0 ? random.Next(40) : 0));
                var insert = random.Next(4) == 0 ? "" : Fragments[random.Next(Fragments.Length)];
                var range = new LspRange(TextPositions.PositionAt(text, start), TextPositions.PositionAt(text, end));
                text = text[..start] + insert + text[end..];
                await client.ChangeAsync(uri, ++version, new TextDocumentContentChangeEvent(range, null, insert));
                edits++;

                var position = TextPositions.PositionAt(text, random.Next(text.Length + 1));
                var method = random.Next(3) == 0 ? DocumentRequests[random.Next(DocumentRequests.Length)] : PositionRequests[random.Next(PositionRequests.Length)];
                await AskAsync(client, method, uri, position);
                answered++;
                if (random.Next(10) == 0)
                {
                    await AskAsync(client, "textDocument/references", uri, position);
                    await AskAsync(client, "textDocument/codeAction", uri, position);
                    answered += 2;
                }
            }
            await client.NotifyAsync("textDocument/didClose", new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
        }

        Assert.False(client.Server.IsCompleted, "the server exited");
        Assert.True(edits > 50, $"only {edits} edits ran (seed {seed})");
        Assert.True(answered >= edits);
        Assert.DoesNotContain(client.LogMessages, m => m.Contains("failed", StringComparison.Ordinal));
        Assert.Equal(0, await client.ShutdownAndExitAsync());
    }

    private static async Task AskAsync(LspTestClient client, string method, string uri, Position position)
    {
        object parameters = method switch
        {
            "textDocument/references" => new { textDocument = new { uri }, position, context = new { includeDeclaration = true } },
            "textDocument/codeAction" => new { textDocument = new { uri }, range = new LspRange(position, position), context = new { diagnostics = Array.Empty<object>() } },
            "textDocument/formatting" => new { textDocument = new { uri }, options = new { tabSize = 2, insertSpaces = true } },
            _ when method.StartsWith("textDocument/", StringComparison.Ordinal) && !PositionRequests.Contains(method) => new { textDocument = new { uri } },
            _ => new { textDocument = new { uri }, position },
        };
        try
        {
            await client.RequestAsync<System.Text.Json.JsonElement?>(method, parameters);
        }
        catch (RemoteInvocationException e) when (e.ErrorCode == LspErrorCodes.RequestFailed && method == "textDocument/prepareRename")
        {
            // "nothing to rename here" is a deliberate answer.
        }
        catch (RemoteInvocationException e)
        {
            throw new Xunit.Sdk.XunitException($"{method} at {position} failed with {e.ErrorCode}: {e.Message}");
        }
    }
}
