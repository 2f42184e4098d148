using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pulse.Targets.Tests.Spark;

/// <summary>
/// Compiles generated jobs with Roslyn against the BCL, Npgsql and the <see cref="MicrosoftSparkStub"/>,
/// and lists every Microsoft.Spark member the job binds to (as <see cref="SparkApiSurface"/> spells them).
/// </summary>
public static class SparkCompiler
{
    private static readonly Lazy<MetadataReference> Stub = new(() =>
    {
        var compilation = CSharpCompilation.Create("Microsoft.Spark", [CSharpSyntaxTree.ParseText(MicrosoftSparkStub.Source)], Framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success) throw new InvalidOperationException("the Spark stub does not compile: " + string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    });

    private static ImmutableArray<MetadataReference> Framework { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();

    public static MetadataReference StubReference => Stub.Value;

    public static (ImmutableArray<Diagnostic> Diagnostics, ImmutableSortedSet<string> SparkMembers) Compile(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source);
        var references = Framework.Add(Stub.Value).Add(MetadataReference.CreateFromFile(typeof(Npgsql.NpgsqlConnection).Assembly.Location));
        var compilation = CSharpCompilation.Create("Job", [tree], references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Disable));
        var diagnostics = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        var model = compilation.GetSemanticModel(tree);
        var members = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            var symbol = model.GetSymbolInfo(node).Symbol;
            if (symbol is null || !IsSpark(symbol)) continue;
            if (symbol is IMethodSymbol or IPropertySymbol) members.Add(Describe(symbol));
        }
        return (diagnostics, members.ToImmutable());
    }

    public static bool IsSpark(ISymbol symbol) =>
        symbol.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.Spark", StringComparison.Ordinal) == true;

    /// <summary><c>Type.Member(parameter types)</c>, constructors as <c>Type.Type(...)</c>, properties as <c>Type.Name</c>.</summary>
    public static string Describe(ISymbol symbol)
    {
        var type = symbol.ContainingType.Name;
        static string Parameters(ImmutableArray<IParameterSymbol> parameters) => string.Join(", ",
            parameters.Select(p => (p.IsParams ? "params " : "") + p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        return symbol switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor } ctor => $"{type}.{type}({Parameters(ctor.Parameters)})",
            IMethodSymbol method => $"{type}.{method.Name}({Parameters(method.OriginalDefinition.Parameters)})",
            IPropertySymbol { IsIndexer: true } indexer => $"{type}.this[{Parameters(indexer.Parameters)}]",
            IPropertySymbol property => $"{type}.{property.Name}",
            _ => symbol.ToDisplayString(),
        };
    }
}
