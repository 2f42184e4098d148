using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming;
using Pulse.Runtime.Streaming.Processing;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// Speed views over speed views, fed in process: rollups of windows (on window_start or window_end),
/// filters and projections of windows, chains, and what stays refused. Upstream rows read
/// window_start|window_end|key|n|total|first_amount|last_amount (<see cref="StreamSpecs.Windowed"/>).
/// </summary>
public class SpeedOverSpeedTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static readonly Expr Key = E.Col("key", E.Text);
    private static readonly Expr N = E.Col("n", E.Long);
    private static readonly Expr Total = E.Col("total", E.N(E.Long));

    /// <summary>windows|n|total|first|last per key and window over an upstream of <see cref="StreamSpecs.Windowed"/> shape.</summary>
    private static ViewIr Rollup(SourceIr source, ViewIr upstream, WindowSpec window, string name = "rollup") =>
        StreamSpecs.Speed(name, R.GroupBy(R.ViewScan(upstream), [("key", Key)],
        [
            R.Count("windows"), R.Sum("n", N), R.Sum("total", Total),
            R.First("first", E.Col("first_amount", E.N(E.Long))), R.Last("last", E.Col("last_amount", E.N(E.Long))),
        ], window), source);

    [Fact]
    public void An_hourly_rollup_of_ten_minute_windows_on_window_start_equals_hourly_windows_of_the_events()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var tens = StreamSpecs.Windowed(source, R.Tumbling("ts", Ten));
        var direct = StreamSpecs.Windowed(source, R.Tumbling("ts", Hour), name: "hourly");
        var run = new ProcessorHarness(source, tens, Rollup(source, tens, R.Tumbling("window_start", Hour)), direct);

        run.At("2024-06-01T10:01:00Z", amount: 1).At("2024-06-01T10:05:00Z", amount: 2).At("2024-06-01T10:12:00Z", amount: 3)
            .At("2024-06-01T10:55:00Z", amount: 4).At("2024-06-01T11:02:00Z", amount: 5);
        // Three ten-minute windows are final, but a window starting after 10:52 could still come: the hour stays open.
        Assert.Equal(3, run.Of("totals").Count);
        Assert.Empty(run.Of("rollup"));

        run.At("2024-06-01T12:15:00Z", amount: 6);
        Assert.Equal(
        [
            "2024-06-01T10:00Z|2024-06-01T11:00Z|k|3|4|10|1|4",
            "2024-06-01T11:00Z|2024-06-01T12:00Z|k|1|1|5|5|5",
        ], run.Of("rollup"));

        run.End();
        Assert.Equal("2024-06-01T12:00Z|2024-06-01T13:00Z|k|1|1|6|6|6", run.Of("rollup")[^1]);
        // Lambda consistency: the rollup's count and sum are the hourly windows' of the same events.
        Assert.Equal(run.Of("hourly").Select(r => string.Join("|", r.Split('|')[..5])),
            run.Of("rollup").Select(r => string.Join("|", r.Split('|')[..3].Concat(r.Split('|')[4..6]))));
        var rollup = run.Processor.Views.Single(v => v.View.Name == "rollup").Counters;
        Assert.Equal((5, 0), (rollup.Events, rollup.Late));
    }

    [Fact]
    public void A_rollup_on_window_end_buckets_windows_by_their_end_and_waits_for_the_upstream_lateness()
    {
        // Lateness 10m: a ten-minute window is emitted 10m after its end, so the rollup on window_end trails by that much.
        var source = StreamSpecs.Events(TimeSpan.Zero, Ten);
        var tens = StreamSpecs.Windowed(source, R.Tumbling("ts", Ten));
        var run = new ProcessorHarness(source, tens, Rollup(source, tens, R.Tumbling("window_end", Hour)));

        run.At("2024-06-01T10:45:00Z", amount: 1).At("2024-06-01T10:55:00Z", amount: 2).At("2024-06-01T11:05:00Z", amount: 4);
        run.At("2024-06-01T11:59:00Z", amount: 8);
        // [10:50, 11:00) ends at 11:00 and belongs to the 11:00 hour on window_end.
        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T11:00Z|k|1|1|1|1|1"], run.Of("rollup"));
        run.At("2024-06-01T12:09:00Z", amount: 16);
        Assert.Single(run.Of("rollup"));
        run.At("2024-06-01T12:10:00Z", amount: 32);
        Assert.Equal("2024-06-01T11:00Z|2024-06-01T12:00Z|k|2|2|6|2|4", run.Of("rollup")[^1]);
    }

    [Fact]
    public void A_filter_and_projection_over_windows_pass_each_window_on_when_it_is_emitted()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var tens = StreamSpecs.Windowed(source, R.Tumbling("ts", Ten));
        var busy = StreamSpecs.Speed("busy", R.Select(R.Where(R.ViewScan(tens), E.Ge(N, E.Int64(2))),
            ("key", Key), ("at", E.Col("window_start", E.Timestamp)), ("per_event", E.Div(Total, N, E.N(E.Long)))), source);
        var run = new ProcessorHarness(source, busy, tens); // given before its upstream: the processor orders them

        run.At("2024-06-01T10:01:00Z", "a", 10).At("2024-06-01T10:02:00Z", "a", 20).At("2024-06-01T10:03:00Z", "b", 7);
        Assert.Empty(run.Of("busy"));
        run.At("2024-06-01T10:10:00Z", "b", 1);
        Assert.Equal(["a|2024-06-01T10:00Z|15"], run.Of("busy"));
        run.End();
        Assert.Equal(["a|2024-06-01T10:00Z|15"], run.Of("busy"));
        Assert.Equal(["totals", "busy"], run.Processor.Views.Select(v => v.View.Name));
    }

    [Fact]
    public void A_chain_of_three_views_follows_window_start_through_a_filter_and_a_rename()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var tens = StreamSpecs.Windowed(source, R.Tumbling("ts", Ten));
        var renamed = StreamSpecs.Speed("renamed", R.Select(R.Where(R.ViewScan(tens), E.Ne(Key, E.Str("skip"))),
            ("started", E.Col("window_start", E.Timestamp)), ("key", Key), ("n", N)), source);
        var hourly = StreamSpecs.Speed("hourly_n", R.GroupBy(R.ViewScan(renamed), [("key", Key)], [R.Sum("n", N)], R.Tumbling("started", Hour)), source);
        var run = new ProcessorHarness(source, tens, renamed, hourly);

        run.At("2024-06-01T10:01:00Z").At("2024-06-01T10:21:00Z").At("2024-06-01T10:22:00Z", "skip").At("2024-06-01T10:41:00Z");
        run.At("2024-06-01T11:10:00Z");
        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T11:00Z|k|3"], run.Of("hourly_n"));
        run.End();
        Assert.Equal("2024-06-01T11:00Z|2024-06-01T12:00Z|k|1", run.Of("hourly_n")[^1]);
    }

    [Fact]
    public void A_view_over_the_events_of_a_filter_view_keeps_the_event_time_rules_late_events_included()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var positive = StreamSpecs.Speed("positive", R.Where(R.Scan(source), E.Gt(E.Col("amount", E.N(E.Long)), E.Int64(0))), source);
        var windowed = StreamSpecs.Speed("windowed", R.GroupBy(R.ViewScan(positive), [("key", Key)], [R.Count("n")], R.Tumbling("ts", Ten)), source, LatePolicy.Quarantine);
        var run = new ProcessorHarness(source, positive, windowed);

        run.At("2024-06-01T10:01:00Z", amount: 1).At("2024-06-01T10:02:00Z", amount: -1).At("2024-06-01T10:11:00Z", amount: 2);
        run.At("2024-06-01T10:03:00Z", amount: 3); // behind the watermark (10:11): late, quarantined by the view's policy
        run.End();
        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T10:10Z|k|1", "2024-06-01T10:10Z|2024-06-01T10:20Z|k|1"], run.Of("windowed"));
        var late = Assert.Single(run.Quarantined);
        Assert.Equal(("_late", "windowed", 3L), (late.Rule, late.View, late.Offset));
    }

    [Fact]
    public void A_restored_snapshot_continues_a_rollup_exactly_like_a_clean_run()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var tens = StreamSpecs.Windowed(source, R.Tumbling("ts", Ten));
        var rollup = Rollup(source, tens, R.Tumbling("window_start", Hour));
        string[] times = ["10:01", "10:05", "10:12", "10:55", "11:02", "11:31", "12:15", "12:16", "13:40"];

        var clean = new ProcessorHarness(source, tens, rollup);
        foreach (var (time, i) in times.Select((t, i) => (t, i))) clean.At($"2024-06-01T{time}:00Z", amount: i + 1);
        clean.End();

        var first = new ProcessorHarness(source, tens, rollup);
        foreach (var (time, i) in times.Take(5).Select((t, i) => (t, i))) first.At($"2024-06-01T{time}:00Z", amount: i + 1);
        var snapshot = first.Processor.Snapshot();
        var second = new ProcessorHarness(source, tens, rollup);
        second.Processor.Restore(snapshot);
        foreach (var (time, i) in times.Select((t, i) => (t, i)).Skip(5)) second.At($"2024-06-01T{time}:00Z", amount: i + 1);
        second.End();

        Assert.Equal(clean.Of("rollup"), first.Of("rollup").Concat(second.Of("rollup")));
        Assert.Equal(4, clean.Of("rollup").Count);
    }

    [Fact]
    public void Windowing_window_rows_on_a_computed_column_is_refused_with_the_column_and_a_hint()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var tens = StreamSpecs.Windowed(source, R.Tumbling("ts", Ten));
        var bucketed = R.Derive(R.ViewScan(tens), ("bucket", E.Call("date_trunc", E.Timestamp, E.Str("hour"), E.Col("window_start", E.Timestamp))));
        var view = StreamSpecs.Speed("by_bucket", R.GroupBy(bucketed, [("key", Key)], [R.Sum("n", N)], R.Tumbling("bucket", Hour)), source);

        var error = Assert.Throws<PulseRunException>(() => new ProcessorHarness(source, tens, view)).Error;
        Assert.Equal(SpeedCodes.UnsupportedView, error.Code);
        Assert.Equal("speed view by_bucket cannot run: it windows on bucket, but the rows of totals are windows, ordered only by their bounds", error.Message);
        Assert.Equal("window on window_end of totals (or window_start, when its window is tumbling or hopping)", error.Hint);
    }

    [Fact]
    public void The_start_of_a_session_is_not_ordered_by_the_watermark_so_a_rollup_on_it_is_refused_and_one_on_its_end_runs()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var sessions = StreamSpecs.Windowed(source, R.Session("ts", Ten));
        Assert.Throws<PulseRunException>(() => new ProcessorHarness(source, sessions, Rollup(source, sessions, R.Tumbling("window_start", Hour))));

        var run = new ProcessorHarness(source, sessions, Rollup(source, sessions, R.Tumbling("window_end", Hour)));
        run.At("2024-06-01T10:01:00Z", amount: 1).At("2024-06-01T10:05:00Z", amount: 2).At("2024-06-01T10:40:00Z", amount: 4).At("2024-06-01T11:30:00Z", amount: 8);
        // Sessions [10:01, 10:15) and [10:40, 10:50) end in the 10:00 hour; the 11:30 one is still open until the end.
        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T11:00Z|k|2|3|7|1|4"], run.Of("rollup"));
        run.End();
        Assert.Equal("2024-06-01T11:00Z|2024-06-01T12:00Z|k|1|1|8|8|8", run.Of("rollup")[^1]);
    }

    [Fact]
    public void A_view_over_a_speed_view_of_another_source_or_a_batch_view_is_refused()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var batch = R.Batch("history", R.Scan(source));
        var view = StreamSpecs.Speed("over_batch", R.Where(R.ViewScan(batch), E.Boolean(true)), source);
        var error = Assert.Throws<PulseRunException>(() => new ProcessorHarness(source, view)).Error;
        Assert.Equal("speed view over_batch cannot run: it reads the view history, which is not a speed view of source events", error.Message);
    }

    [Fact]
    public void A_join_of_two_streams_and_a_lookup_join_are_refused_each_with_its_own_reason()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var tens = StreamSpecs.Windowed(source, R.Tumbling("ts", Ten));
        var streams = StreamSpecs.Speed("two_streams", R.Join(R.Scan(source), R.ViewScan(tens), JoinKind.Inner, E.Boolean(true), [("key", JoinSide.Left, "key")]), source);
        var error = Assert.Throws<PulseRunException>(() => new ProcessorHarness(source, tens, streams)).Error;
        Assert.Contains("it joins two streams (events and totals)", error.Message);

        var dimension = R.Batch("keys", R.Scan(source));
        var lookup = StreamSpecs.Speed("lookup", R.Join(R.Scan(source), R.ViewScan(dimension), JoinKind.Left, E.Boolean(true), [("key", JoinSide.Left, "key")]), source);
        error = Assert.Throws<PulseRunException>(() => new ProcessorHarness(source, lookup)).Error;
        Assert.Contains("a lookup join with keys (a batch relation) is not supported by the speed layer", error.Message);
        Assert.Equal("enrich the stream in a batch view over it, or carry the attribute in the events", error.Hint);
    }
}
