using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;
using Pulse.Lsp.Documents;
using Pulse.Lsp.Navigation;
using Pulse.Lsp.Tests.Infrastructure;

namespace Pulse.Lsp.Tests;

/// <summary>
/// The navigation index resolves names over the syntax trees; the checker's semantic model binds
/// them. On every name of every example both must agree: same symbol found, same references.
/// </summary>
public class SemanticIndexTests
{
    public static TheoryData<string> Examples => new(Repo.Examples.Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_index_and_the_checkers_semantic_model_agree_on_every_name(string example)
    {
        var path = Repo.Example(example);
        var store = DocumentStore.Empty.With(new TextDocument(DocumentUri.FromPath(path), path, 1, File.ReadAllText(path)));
        var unit = WorkspaceAnalysis.Create(null, store, null, new DiskFileCache()).Units.Single();
        var file = unit.Root;
        var model = unit.ModelOf(file);
        var compared = 0;
        var disagreements = new List<string>();

        foreach (var name in file.Tree.Root.DescendantNodes().OfType<NameSyntax>())
        {
            var mine = unit.Index.SymbolOf(name);
            var checkers = model.GetSymbol(name) ?? model.GetSymbolAt(name.Span.Start);
            var where = $"`{name.Text}` at line {file.PositionOf(name.Span.Start).Line + 1}";
            if (checkers is Pulse.Compiler.Binding.FunctionSymbol || mine?.Category == SymbolCategory.Expectation) continue; // only one side models these
            if (mine is null != checkers is null)
            {
                disagreements.Add($"{where}: index {mine?.ToString() ?? "nothing"}, checker {checkers?.ToString() ?? "nothing"}");
                continue;
            }
            if (mine is null || checkers is null) continue;
            var ours = SymbolAtPosition.Occurrences(unit, mine, includeDeclaration: true).Select(o => o.Name.Span.Start).Order().ToList();
            var theirs = model.FindReferences(checkers).Select(r => r.Span.Start).Order().ToList();
            if (!ours.SequenceEqual(theirs)) disagreements.Add($"{where}: {ours.Count} references in the index, {theirs.Count} in the checker");
            compared++;
        }

        Assert.Empty(disagreements);
        Assert.True(compared > 50, $"only {compared} names compared");
    }
}
