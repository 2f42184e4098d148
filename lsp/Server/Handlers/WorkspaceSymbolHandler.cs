using Pulse.Lsp.Analysis;
using Pulse.Lsp.Protocol;
using StreamJsonRpc;

namespace Pulse.Lsp.Handlers;

/// <summary>
/// <c>workspace/symbol</c>: named declarations of every .pulse file under the workspace folder
/// (open documents as edited, the rest from disk) whose name contains the query's letters in order.
/// </summary>
public sealed class WorkspaceSymbolHandler(RequestRunner runner)
{
    private const int MaxResults = 500;

    [JsonRpcMethod("workspace/symbol", UseSingleObjectParameterDeserialization = true)]
    public Task<SymbolInformation[]> GetAsync(WorkspaceSymbolParams parameters, CancellationToken cancellation) =>
        runner.RunAsync<SymbolInformation[]>("workspace/symbol", cancellation, (snapshot, token) =>
        {
            var analysis = snapshot.Analysis;
            var paths = new SortedSet<string>(DiskFileCache.PulseFilesUnder(snapshot.RootPath), StringComparer.Ordinal);
            paths.UnionWith(analysis.Files.Keys);
            var results = new List<SymbolInformation>();
            foreach (var path in paths)
            {
                token.ThrowIfCancellationRequested();
                var file = analysis.Files.GetValueOrDefault(path) ?? snapshot.Disk.Get(path);
                if (file is null) continue;
                foreach (var declaration in file.Tree.Root.Declarations)
                {
                    if (declaration.Name is not { IsMissing: false } name || !Matches(name.Text, parameters.Query)) continue;
                    var kind = DocumentSymbolHandler.KindOf(declaration);
                    results.Add(new SymbolInformation(name.Text, kind, new Location(file.Uri, file.RangeOf(name.Span)), Path.GetFileName(path)));
                    if (results.Count >= MaxResults) return results.ToArray();
                }
            }
            return results.ToArray();
        });

    /// <summary>Fuzzy match: the query's characters appear in order in the name, ignoring case.</summary>
    public static bool Matches(string name, string query)
    {
        var i = 0;
        foreach (var c in name)
            if (i < query.Length && char.ToLowerInvariant(c) == char.ToLowerInvariant(query[i])) i++;
        return i == query.Length;
    }
}
