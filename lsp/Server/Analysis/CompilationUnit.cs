using System.Collections.Immutable;
using Pulse.Compiler.Semantics;
using Pulse.Language.Diagnostics;
using Pulse.Language.Text;
using Pulse.Lsp.Documents;
using Pulse.Lsp.Navigation;

namespace Pulse.Lsp.Analysis;

/// <summary>
/// An open document and the files it imports, checked as one <see cref="Compilation"/>: exactly
/// what <c>pulse check &lt;file&gt;</c> checks, with the editor's text for open files.
/// </summary>
public sealed class CompilationUnit
{
    private readonly Lazy<ImmutableArray<DocumentAnalysis>> files;
    private readonly Lazy<ImmutableArray<(DocumentAnalysis File, Diagnostic Diagnostic)>> diagnostics;
    private readonly Lazy<SemanticIndex> index;

    public CompilationUnit(string rootPath, Compilation compilation, DocumentStore documents)
    {
        RootPath = rootPath;
        Compilation = compilation;
        files = new Lazy<ImmutableArray<DocumentAnalysis>>(() => compilation.SyntaxTrees
            .Select(tree =>
            {
                var open = documents.FindByPath(tree.Source.Path);
                var uri = open?.Uri ?? DocumentUri.FromPath(tree.Source.Path);
                return new DocumentAnalysis(tree.Source.Path, uri, tree.Source.Text, open?.Version, tree);
            })
            .ToImmutableArray());
        diagnostics = new Lazy<ImmutableArray<(DocumentAnalysis, Diagnostic)>>(ComputeDiagnostics);
        index = new Lazy<SemanticIndex>(() => new SemanticIndex(this));
    }

    public string RootPath { get; }
    public Compilation Compilation { get; }

    /// <summary>The root document first, then its imports in the order the compilation found them.</summary>
    public ImmutableArray<DocumentAnalysis> Files => files.Value;
    public DocumentAnalysis Root => Files[0];

    /// <summary>Name resolution for navigation features, built on first use.</summary>
    public SemanticIndex Index => index.Value;

    public bool Contains(string path) => Files.Any(f => f.Path == path);

    public DocumentAnalysis? FindFile(string path) => Files.FirstOrDefault(f => f.Path == path);

    public SemanticModel ModelOf(DocumentAnalysis file) => Compilation.GetSemanticModel(file.Tree);

    /// <summary>The checker's diagnostics (the same as <c>pulse check</c>), with the file each one is in.</summary>
    public ImmutableArray<(DocumentAnalysis File, Diagnostic Diagnostic)> GetDiagnostics() => diagnostics.Value;

    private ImmutableArray<(DocumentAnalysis, Diagnostic)> ComputeDiagnostics()
    {
        var result = ImmutableArray.CreateBuilder<(DocumentAnalysis, Diagnostic)>();
        foreach (var diagnostic in Compilation.GetDiagnostics())
        {
            var file = FindFile(diagnostic.Source.Path) ?? Root;
            result.Add((file, diagnostic));
        }
        return result.ToImmutable();
    }

    public static CompilationUnit Create(TextDocument root, DocumentStore documents) =>
        new(root.Path, Compilation.Create([new SourceText(root.Path, root.Text)], new SnapshotSpecLoader(documents)), documents);

    /// <summary>True when every file of this unit still has the same text in the new document set (open files) — then the unit can be reused.</summary>
    public bool IsCurrentFor(DocumentStore documents)
    {
        foreach (var file in Files)
        {
            var open = documents.FindByPath(file.Path);
            if (open is null)
            {
                if (file.Version is not null) return false; // it was open and is now closed: its disk text may differ
                continue;
            }
            if (file.Version is null || !string.Equals(open.Text, file.Text, StringComparison.Ordinal)) return false;
            if (open.Version != file.Version) return false;
        }
        return true;
    }
}
