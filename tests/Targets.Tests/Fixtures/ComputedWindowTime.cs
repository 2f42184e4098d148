using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Language.Diagnostics;

namespace Pulse.Targets.Tests.Fixtures;

/// <summary>
/// A speed view of <see cref="ClicksRollup"/> that windows the rows of another speed view on a computed time. <c>pulse check</c> refuses it
/// (PULSE3036), so no spec lowers to it; the targets keep their own refusal as a defence, and this builds the IR
/// such a view would lower to: the same spec windowed on <c>window_end</c>, its window then moved to the
/// computed column.
/// </summary>
public static class ComputedWindowTime
{
    public const string View = "shifted";

    private static string Extra(string column) => $$"""

        speed view shifted {
          from minute_views
          derive later = date_trunc("hour", window_end)
          window tumbling 1h on {{column}}
          group by page {
            minutes = count()
          }
        }
        """;

    /// <summary>The checker's diagnostics for the view as written (windowed on <c>later</c>).</summary>
    public static IReadOnlyList<Diagnostic> CheckerErrors() =>
        ClicksRollup.Compile(Extra("later")).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>The IR of the view as if the checker had let it through.</summary>
    public static PipelineIr Ir()
    {
        var ir = ClicksRollup.Lower(Extra("window_end"));
        var views = ir.Views.Select(v => v.Name == View ? v with { Root = WindowOnLater(v.Root) } : v).ToImmutableArray();
        return ir with { Views = views };
    }

    private static RelNode WindowOnLater(RelNode node) => node switch
    {
        AggregateNode { Window: { } window } aggregate => aggregate with { Window = window with { TimeColumn = "later" } },
        FilterNode filter => filter with { Input = WindowOnLater(filter.Input) },
        ProjectNode project => project with { Input = WindowOnLater(project.Input) },
        _ => throw new InvalidOperationException($"unexpected {node.GetType().Name} above the window of {View}"),
    };
}
