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
/// Two levels, computed on demand: the syntax (<see cref="Files"/>, <see cref="Index"/>: parsing
/// only, what completion and navigation need) and the check (<see cref="GetDiagnostics"/>,
/// <see cref="ModelOf"/>: binding and type checking, which can be cancelled).
/// </summary>
public sealed class CompilationUnit
{
    private static long created;

    private readonly Lazy<ImmutableArray<DocumentAnalysis>> files;
    private readonly Lazy<SemanticIndex> index;
    private readonly AnalysisServices services;
    private ImmutableArray<(DocumentAnalysis File, Diagnostic Diagnostic)> diagnostics; // default until checked

    public CompilationUnit(string rootPath, Compilation compilation, DocumentStore documents, AnalysisServices? services = null)
    {
        RootPath = rootPath;
        Compilation = compilation;
        this.services = services ?? new AnalysisServices();
        Sequence = Interlocked.Increment(ref created);
        files = new Lazy<ImmutableArray<DocumentAnalysis>>(() => compilation.SyntaxTrees
            .Select(tree =>
            {
                var open = documents.FindByPath(tree.Source.Path);
                var uri = open?.Uri ?? DocumentUri.FromPath(tree.Source.Path);
                return new DocumentAnalysis(tree.Source.Path, uri, tree.Source.Text, open?.Version, tree);
            })
            .ToImmutableArray());
        index = new Lazy<SemanticIndex>(() => new SemanticIndex(this));
    }

    public string RootPath { get; }
    public Compilation Compilation { get; }

    /// <summary>Creation order: a later unit of the same root reflects later edits.</summary>
    public long Sequence { get; }

    /// <summary>The root document first, then its imports in the order the compilation found them (parsed, not bound).</summary>
    public ImmutableArray<DocumentAnalysis> Files => files.Value;
    public DocumentAnalysis Root => Files[0];

    /// <summary>Name resolution for navigation features and completion, built from the syntax on first use.</summary>
    public SemanticIndex Index => index.Value;

    /// <summary>True once the check has run: diagnostics and semantic models are then free.</summary>
    public bool IsChecked => !diagnostics.IsDefault; // one reference underneath: reads are atomic

    public bool Contains(string path) => Files.Any(f => f.Path == path);

    public DocumentAnalysis? FindFile(string path) => Files.FirstOrDefault(f => f.Path == path);

    /// <summary>The checker's view of one file of the unit; checks the unit first if that has not happened yet.</summary>
    public SemanticModel ModelOf(DocumentAnalysis file, CancellationToken cancellation = default)
    {
        GetDiagnostics(cancellation);
        return Compilation.GetSemanticModel(file.Tree);
    }

    /// <summary>
    /// The checker's diagnostics (the same as <c>pulse check</c>), with the file each one is in. The
    /// check runs on the first call; a cancelled call throws <see cref="OperationCanceledException"/>
    /// and leaves the check to the next caller.
    /// </summary>
    public ImmutableArray<(DocumentAnalysis File, Diagnostic Diagnostic)> GetDiagnostics(CancellationToken cancellation = default)
    {
        var done = diagnostics;
        if (!done.IsDefault) return done;
        services.BeforeCheck?.Invoke(cancellation);
        var result = ImmutableArray.CreateBuilder<(DocumentAnalysis, Diagnostic)>();
        foreach (var diagnostic in Compilation.GetDiagnostics(cancellation))
        {
            var file = FindFile(diagnostic.Source.Path) ?? Root;
            result.Add((file, diagnostic));
        }
        // Two callers racing convert the same diagnostics twice: harmless, the first one is kept.
        ImmutableInterlocked.InterlockedInitialize(ref diagnostics, result.ToImmutable());
        services.Checked.Record(this);
        return diagnostics;
    }

    /// <summary>
    /// A unit for the root document. With <paramref name="previous"/> (the unit this root had before
    /// the edit), files whose text did not change keep their parsed trees.
    /// </summary>
    public static CompilationUnit Create(TextDocument root, DocumentStore documents, CompilationUnit? previous = null, AnalysisServices? services = null) =>
        new(root.Path, Compilation.Create([new SourceText(root.Path, root.Text)], new SnapshotSpecLoader(documents), reuseTreesFrom: previous?.Compilation), documents, services);

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
