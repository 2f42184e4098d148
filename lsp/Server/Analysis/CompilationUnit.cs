using System.Collections.Immutable;
using Pulse.Language.Diagnostics;
using Pulse.Lsp.Navigation;

namespace Pulse.Lsp.Analysis;

/// <summary>An open document and the files it imports: what one <c>pulse check</c> run sees.</summary>
public sealed class CompilationUnit
{
    private readonly Lazy<ImmutableArray<(DocumentAnalysis File, Diagnostic Diagnostic)>> diagnostics;
    private readonly Lazy<SemanticIndex> index;

    public CompilationUnit(ImmutableArray<DocumentAnalysis> files)
    {
        Files = files;
        diagnostics = new Lazy<ImmutableArray<(DocumentAnalysis, Diagnostic)>>(ComputeDiagnostics);
        index = new Lazy<SemanticIndex>(() => new SemanticIndex(this));
    }

    /// <summary>The root document first, then its imports in discovery order.</summary>
    public ImmutableArray<DocumentAnalysis> Files { get; }
    public DocumentAnalysis Root => Files[0];

    /// <summary>Name resolution for navigation features, built on first use.</summary>
    public SemanticIndex Index => index.Value;

    public bool Contains(string path) => Files.Any(f => f.Path == path);

    public DocumentAnalysis? FindFile(string path) => Files.FirstOrDefault(f => f.Path == path);

    public ImmutableArray<(DocumentAnalysis File, Diagnostic Diagnostic)> GetDiagnostics() => diagnostics.Value;

    private ImmutableArray<(DocumentAnalysis, Diagnostic)> ComputeDiagnostics()
    {
        var result = ImmutableArray.CreateBuilder<(DocumentAnalysis, Diagnostic)>();
        foreach (var file in Files)
            foreach (var diagnostic in file.Tree.Diagnostics)
                if (!file.Tree.IsSuppressed(diagnostic)) result.Add((file, diagnostic));
        return result.ToImmutable();
    }
}
