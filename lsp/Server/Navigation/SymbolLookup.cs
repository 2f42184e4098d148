using Pulse.Language.Syntax;
using Pulse.Lsp.Analysis;
using Pulse.Lsp.Protocol;

namespace Pulse.Lsp.Navigation;

/// <summary>The file, unit, name and symbol at a request's position.</summary>
public sealed record SymbolAtPosition(DocumentAnalysis File, CompilationUnit Unit, NameSyntax Name, PulseSymbol? Symbol)
{
    public static SymbolAtPosition? Find(WorkspaceSnapshot snapshot, string uri, Position position)
    {
        var analysis = snapshot.Analysis;
        var file = analysis.GetFile(uri);
        if (file is null) return null;
        var unit = analysis.UnitOf(file.Path);
        if (unit is null) return null;
        // The unit may hold this file's own (equal) analysis object; use the unit's to match its tree.
        file = unit.FindFile(file.Path) ?? file;
        var name = PositionLookup.NameAt(file.Tree, file.OffsetOf(position));
        if (name is null) return null;
        return new SymbolAtPosition(file, unit, name, unit.Index.SymbolOf(name));
    }

    /// <summary>Every place the symbol is named across the unit (declaration first when asked), as locations.</summary>
    public static IEnumerable<(DocumentAnalysis File, NameSyntax Name)> Occurrences(CompilationUnit unit, PulseSymbol symbol, bool includeDeclaration)
    {
        var names = unit.Index.NamesOf(symbol).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var file in unit.Files)
        {
            foreach (var node in file.Tree.Root.DescendantNodes())
            {
                if (node is not NameSyntax name || !names.Contains(name)) continue;
                if (!includeDeclaration && ReferenceEquals(name, symbol.DeclarationName)) continue;
                yield return (file, name);
            }
        }
    }
}
