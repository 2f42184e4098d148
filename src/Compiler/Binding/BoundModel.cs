using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Scheduling;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>Column lineage of one relation: output column → the upstream columns its value comes from.</summary>
internal sealed record ColumnLineageMap(ImmutableArray<(string Column, ImmutableArray<ColumnKey> From)> Entries);

/// <summary>A checked source: its properties, fields as read, cleaning steps (already IR) and cleaned schema.</summary>
internal sealed record BoundSource(
    SourceSymbol Symbol,
    BoundProperties Properties,
    ImmutableArray<InputField> InputFields,
    ImmutableArray<CleanStep> Steps,
    RelSchema Schema,
    ColumnLineageMap Lineage,
    /// <summary>Sources whose columns expectations reference (they must be cleaned first).</summary>
    ImmutableArray<SourceSymbol> References,
    string? ConnectionName,
    string? KeyField,
    string? EventTimeField);

/// <summary>The streaming facts of a speed view (defaults applied).</summary>
internal sealed record BoundStreaming(SourceSymbol Source, string EventTimeField, TimeSpan Watermark, TimeSpan Lateness,
    LatePolicy Late, TimeSpan Retain, bool RetainIsDefault, SyntaxToken? RetainSyntax);

/// <summary>A checked view: its relational tree (already IR), what it reads, and its streaming facts.</summary>
internal sealed record BoundView(
    ViewSymbol Symbol,
    RelNode Root,
    string? IncrementalColumn,
    BoundStreaming? Streaming,
    ColumnLineageMap Lineage,
    /// <summary>Every relation the view reads, in step order.</summary>
    ImmutableArray<RelationSymbol> Reads);

internal sealed record BoundSink(SinkSymbol Symbol, BoundProperties Properties, RelationSymbol? From, RelSchema Schema,
    string? ConnectionName, TableName? Table);

internal sealed record BoundConnection(ConnectionSymbol Symbol, BoundProperties Properties);

internal sealed record BoundEnvironment(EnvironmentSymbol Symbol, BoundProperties Properties, ImmutableArray<BoundConnection> Connections);

internal sealed record BoundSchedule(ScheduleDeclarationSyntax Syntax, SyntaxTree Tree, BoundProperties Properties, CronSchedule? Cron);

internal sealed record BoundDeploy(DeployDeclarationSyntax Syntax, SyntaxTree Tree, EnvironmentSymbol? Environment, BoundProperties Properties);

internal sealed record BoundTest(TestSymbol Symbol, ImmutableArray<TestGiven> Given, ImmutableArray<TestExpected> Expected);

internal sealed record BoundPipelineInfo(PipelineSymbol? Symbol, string Name, string? Owner, string? Description);

/// <summary>Everything binding produced for a compilation: the input of the checks and of lowering.</summary>
internal sealed record BoundPipeline(
    GlobalSymbols Globals,
    BoundPipelineInfo Pipeline,
    ImmutableArray<BoundSource> Sources,
    ImmutableArray<BoundView> Views,
    ImmutableArray<BoundSink> Sinks,
    ImmutableArray<BoundConnection> Connections,
    ImmutableArray<BoundEnvironment> Environments,
    BoundSchedule? Schedule,
    ImmutableArray<BoundDeploy> Deploys,
    ImmutableArray<BoundTest> Tests)
{
    private Dictionary<Symbol, BoundSource>? sourceIndex;
    private Dictionary<Symbol, BoundView>? viewIndex;

    // Indexed on first use: lowering and the checks look relations up once per edge, and a linear scan
    // each time would make a 100,000-line spec quadratic.
    public BoundSource? FindSource(SourceSymbol symbol) => (sourceIndex ??= Index(Sources, s => s.Symbol)).GetValueOrDefault(symbol);

    public BoundView? FindView(ViewSymbol symbol) => (viewIndex ??= Index(Views, v => v.Symbol)).GetValueOrDefault(symbol);

    private static Dictionary<Symbol, T> Index<T>(ImmutableArray<T> items, Func<T, Symbol> key)
    {
        var index = new Dictionary<Symbol, T>(ReferenceEqualityComparer.Instance);
        foreach (var item in items) index.TryAdd(key(item), item);
        return index;
    }
}
