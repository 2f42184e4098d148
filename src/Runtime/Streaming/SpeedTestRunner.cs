using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Expressions;
using Pulse.Runtime.Streaming.Processing;
using Pulse.Runtime.Streaming.Sinks;
using Pulse.Runtime.Streaming.Windows;

namespace Pulse.Runtime.Streaming;

/// <summary>The outcome of a spec <c>test</c> for one speed view: expected rows not produced, and rows produced but not expected.</summary>
public sealed record SpeedTestOutcome(string Test, string View, ImmutableArray<string> Missing, ImmutableArray<string> Unexpected, Origin Origin)
{
    public bool Passed => Missing.IsEmpty && Unexpected.IsEmpty;
}

/// <summary>
/// Runs the spec's <c>test</c> blocks that feed streams: each given event is written as the JSON a producer
/// would send and goes through the full speed path (parse, clean, views); <c>watermark</c> lines move the
/// watermark. The rows a speed view emitted are then compared with the expected rows on the columns each
/// expected row names, values compared in the column's type (so 0.45 equals 0.45000000), order ignored.
/// <see cref="Results"/> gives the same rows as <c>pulse run</c> hands them to serving views.
/// </summary>
public static class SpeedTestRunner
{
    public static IReadOnlyList<SpeedTestOutcome> Run(PipelineIr pipeline, TestIr test, DateTime now)
    {
        var outcomes = new List<SpeedTestOutcome>();
        foreach (var (source, given) in Streams(pipeline, test))
        {
            var expected = test.Expected.Where(e => pipeline.FindView(e.View) is { Layer: ViewLayer.Speed } view && Reads(view, source.Name)).ToList();
            if (expected.Count == 0) continue;
            var emitted = new Dictionary<string, List<object?[]>>();
            Feed(pipeline, source, given, expected.Select(e => pipeline.FindView(e.View)!), now, (output, _) =>
            {
                foreach (var (view, rows) in output.Rows)
                {
                    if (!emitted.TryGetValue(view, out var list)) emitted[view] = list = [];
                    list.AddRange(rows);
                }
            });
            foreach (var expectation in expected)
            {
                var view = pipeline.FindView(expectation.View)!;
                outcomes.Add(Compare(test.Name, view, expectation, emitted.GetValueOrDefault(view.Name) ?? []));
            }
        }
        return outcomes;
    }

    /// <summary>
    /// The rows <paramref name="speedViews"/> (and the speed views they read) emit from the test's events, kept
    /// as <c>pulse run</c> keeps them for serving views (<see cref="SpeedResults"/>: a view's <c>retain</c>
    /// against the watermark). A view whose stream the test gives no events has no rows.
    /// </summary>
    public static SpeedResults Results(PipelineIr pipeline, TestIr test, DateTime now, IEnumerable<ViewIr> speedViews)
    {
        var views = SpeedViewGraph.WithUpstreams(pipeline, speedViews);
        var results = new SpeedResults(views);
        foreach (var (source, given) in Streams(pipeline, test))
        {
            var read = views.Where(v => Reads(v, source.Name)).ToList();
            if (read.Count == 0) continue;
            var topic = source.Options.Topic ?? source.Name;
            Feed(pipeline, source, given, read, now, (output, watermark) =>
                results.WriteAsync(new SpeedCheckpoint("pulse-test", topic, "all", output, [], watermark), CancellationToken.None).GetAwaiter().GetResult());
        }
        return results;
    }

    private static IEnumerable<(SourceIr Source, TestGiven Given)> Streams(PipelineIr pipeline, TestIr test) =>
        test.Given.Where(g => !g.Events.IsDefaultOrEmpty)
            .Select(g => (Source: pipeline.FindSource(g.Source)!, Given: g))
            .Where(s => s.Source is { IsStream: true });

    /// <summary>Feeds the given events (and watermark moves) through the views, handing each step's output and watermark to <paramref name="collect"/>.</summary>
    private static void Feed(PipelineIr pipeline, SourceIr source, TestGiven given, IEnumerable<ViewIr> views, DateTime now,
        Action<ProcessorOutput, long> collect)
    {
        var processor = new SourceProcessor(source, SpeedViewGraph.WithUpstreams(pipeline, views), now);
        long offset = 0;
        foreach (var e in given.Events)
        {
            if (e.Row is null) processor.AdvanceTo(e.At.UtcDateTime);
            else processor.Process(0, offset++, EventJson(source, e.Row));
            processor.EmitDue();
            collect(processor.TakeOutput(), processor.Watermark);
        }
    }

    private static bool Reads(ViewIr view, string source) =>
        view.Streaming?.Source == source || Scans(view.Root).Contains(source);

    private static IEnumerable<string> Scans(RelNode node) =>
        node is ScanNode scan ? [scan.Source] : node.Inputs.SelectMany(Scans);

    private static byte[] EventJson(SourceIr source, TestRow row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, literal) in row.Values)
            {
                writer.WritePropertyName(source.InputFields.FirstOrDefault(f => f.Name == name)?.ReadFrom ?? name);
                var value = Literals.Value(literal);
                switch (value)
                {
                    case null: writer.WriteNullValue(); break;
                    case string text when literal.Type.Kind == TypeKind.Json: writer.WriteRawValue(text); break;
                    case string text: writer.WriteStringValue(text); break;
                    case int n: writer.WriteNumberValue(n); break;
                    case long n: writer.WriteNumberValue(n); break;
                    case decimal n: writer.WriteNumberValue(n); break;
                    case double n: writer.WriteNumberValue(n); break;
                    case bool b: writer.WriteBooleanValue(b); break;
                    case DateOnly d: writer.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                    case DateTime t: writer.WriteStringValue(IsoTime.Format(t)); break;
                    default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                }
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static SpeedTestOutcome Compare(string test, ViewIr view, TestExpected expected, List<object?[]> actual)
    {
        var columns = view.Schema.Columns;
        var unmatched = actual.ToList();
        var missing = new List<string>();
        foreach (var row in expected.Rows)
        {
            var wanted = row.Values.Select(v => (Index: columns.IndexOf(columns.First(c => c.Name == v.Key)), v.Key,
                Value: ResultValues.Conform(Literals.Value(v.Value) is var raw && raw is not null ? ValueCasts.TryCast(raw, v.Value.Type, columns.First(c => c.Name == v.Key).Type) ?? raw : null,
                    columns.First(c => c.Name == v.Key).Type))).ToList();
            var match = unmatched.FindIndex(a => wanted.All(w => ValueOrder.Compare(Normalize(a[w.Index]), Normalize(w.Value)) == 0));
            if (match >= 0) unmatched.RemoveAt(match);
            else missing.Add(Describe(wanted.Select(w => (w.Key, w.Value))));
        }
        var unexpected = unmatched.Select(a => Describe(columns.Select((c, i) => (c.Name, a[i])))).ToList();
        return new SpeedTestOutcome(test, view.Name, [.. missing], [.. unexpected], expected.Origin);
    }

    private static object? Normalize(object? value) => value is int i ? (long)i : value;

    private static string Describe(IEnumerable<(string Name, object? Value)> values) =>
        "{ " + string.Join(", ", values.Select(v => $"{v.Name}: {ValueText.Json(v.Value)}")) + " }";
}
