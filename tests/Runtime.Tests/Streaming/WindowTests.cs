using Pulse.Compiler.Ir;
using Pulse.Runtime.Tests.Fixtures;
using Pulse.Runtime.Tests.StreamingFixtures;

namespace Pulse.Runtime.Tests.Streaming;

/// <summary>
/// Event-time windows with expected windows worked out by hand. Rows read
/// window_start|window_end|key|n|total|first_amount|last_amount (see <see cref="StreamSpecs.Windowed"/>).
/// </summary>
public class WindowTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromMinutes(10);

    [Fact]
    public void Tumbling_windows_are_epoch_aligned_and_emitted_when_the_watermark_passes_their_end()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var run = new ProcessorHarness(source, StreamSpecs.Windowed(source, R.Tumbling("ts", Ten)));

        run.At("2024-06-01T10:01:00Z", amount: 1).At("2024-06-01T10:05:00Z", amount: 2);
        Assert.Empty(run.Of("totals"));
        run.At("2024-06-01T10:12:00Z", amount: 3);
        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T10:10Z|k|2|3|1|2"], run.Of("totals"));

        run.At("2024-06-01T10:09:00Z", amount: 100).At("2024-06-01T10:25:00Z", amount: 4).End();
        Assert.Equal(
        [
            "2024-06-01T10:00Z|2024-06-01T10:10Z|k|2|3|1|2",
            "2024-06-01T10:10Z|2024-06-01T10:20Z|k|1|3|3|3",
            "2024-06-01T10:20Z|2024-06-01T10:30Z|k|1|4|4|4",
        ], run.Of("totals"));
        var view = run.Processor.Views[0].Counters;
        Assert.Equal(1, view.Late);
        Assert.Equal(1, view.LateDropped);
    }

    [Fact]
    public void Watermark_delay_and_lateness_keep_windows_open_and_first_last_follow_event_time()
    {
        // watermark = max event time - 5m; windows close at end + 10m; events before watermark - 10m are late.
        var source = StreamSpecs.Events(TimeSpan.FromMinutes(5), Ten);
        var run = new ProcessorHarness(source, StreamSpecs.Windowed(source, R.Tumbling("ts", Ten)));

        run.At("2024-06-01T10:01:00Z", amount: 1).At("2024-06-01T10:14:00Z", amount: 2);
        run.At("2024-06-01T10:03:00Z", amount: 4); // behind the watermark (10:09) but within the lateness (09:59)
        Assert.Empty(run.Of("totals"));
        run.At("2024-06-01T10:26:00Z", amount: 8); // watermark 10:21 >= 10:10 + 10m
        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T10:10Z|k|2|5|1|4"], run.Of("totals"));

        run.At("2024-06-01T10:08:00Z", amount: 16); // before 10:21 - 10m: late
        run.At("2024-06-01T10:12:00Z", amount: 32); // not late: joins [10:10, 10:20) and is its first by event time
        run.End();
        Assert.Equal(
        [
            "2024-06-01T10:00Z|2024-06-01T10:10Z|k|2|5|1|4",
            "2024-06-01T10:10Z|2024-06-01T10:20Z|k|2|34|32|2",
            "2024-06-01T10:20Z|2024-06-01T10:30Z|k|1|8|8|8",
        ], run.Of("totals"));
        Assert.Equal(1, run.Processor.Views[0].Counters.Late);
    }

    [Fact]
    public void Hopping_windows_start_at_every_slide_and_hold_each_event_in_size_over_slide_windows()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var run = new ProcessorHarness(source, StreamSpecs.Windowed(source, R.Hopping("ts", Ten, TimeSpan.FromMinutes(5))));

        run.At("2024-06-01T10:02:00Z", amount: 1).At("2024-06-01T10:07:00Z", amount: 2).At("2024-06-01T10:11:00Z", amount: 4).End();

        Assert.Equal(
        [
            "2024-06-01T09:55Z|2024-06-01T10:05Z|k|1|1|1|1",
            "2024-06-01T10:00Z|2024-06-01T10:10Z|k|2|3|1|2",
            "2024-06-01T10:05Z|2024-06-01T10:15Z|k|2|6|2|4",
            "2024-06-01T10:10Z|2024-06-01T10:20Z|k|1|4|4|4",
        ], run.Of("totals"));
    }

    [Fact]
    public void Sessions_are_per_key_end_a_gap_after_their_last_event_and_close_on_the_watermark()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var run = new ProcessorHarness(source, StreamSpecs.Windowed(source, R.Session("ts", TimeSpan.FromMinutes(30))));

        run.At("2024-06-01T09:00:00Z", "a", 1).At("2024-06-01T09:10:00Z", "a", 2).At("2024-06-01T09:20:00Z", "b", 4);
        Assert.Empty(run.Of("totals"));
        run.At("2024-06-01T10:00:00Z", "a", 8); // closes a's 09:00-09:40 and b's 09:20-09:50
        Assert.Equal(
        [
            "2024-06-01T09:00Z|2024-06-01T09:40Z|a|2|3|1|2",
            "2024-06-01T09:20Z|2024-06-01T09:50Z|b|1|4|4|4",
        ], run.Of("totals"));
        run.At("2024-06-01T10:20:00Z", "a", 16).End();
        Assert.Equal("2024-06-01T10:00Z|2024-06-01T10:50Z|a|2|24|8|16", run.Of("totals")[^1]);
        Assert.Equal(3, run.Of("totals").Count);
    }

    [Fact]
    public void An_event_that_bridges_two_sessions_merges_them()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.FromHours(1));
        var run = new ProcessorHarness(source, StreamSpecs.Windowed(source, R.Session("ts", TimeSpan.FromMinutes(30))));

        run.At("2024-06-01T09:00:00Z", "a", 1).At("2024-06-01T09:50:00Z", "a", 2);
        Assert.Equal(2, run.Processor.Views[0].OpenWindows);
        run.At("2024-06-01T09:25:00Z", "a", 4); // within 30m of both
        Assert.Equal(1, run.Processor.Views[0].OpenWindows);
        run.End();
        Assert.Equal(["2024-06-01T09:00Z|2024-06-01T10:20Z|a|3|7|1|2"], run.Of("totals"));
    }

    [Fact]
    public void Events_exactly_a_gap_apart_start_a_new_session_as_in_the_batch_layer()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.FromHours(1));
        var run = new ProcessorHarness(source, StreamSpecs.Windowed(source, R.Session("ts", TimeSpan.FromMinutes(30))));
        run.At("2024-06-01T09:00:00Z", "a", 1).At("2024-06-01T09:30:00Z", "a", 2).End();
        Assert.Equal(
        [
            "2024-06-01T09:00Z|2024-06-01T09:30Z|a|1|1|1|1",
            "2024-06-01T09:30Z|2024-06-01T10:00Z|a|1|2|2|2",
        ], run.Of("totals"));
    }

    [Theory]
    [InlineData(LatePolicy.Drop)]
    [InlineData(LatePolicy.Quarantine)]
    [InlineData(LatePolicy.Batch)]
    public void Late_events_are_counted_and_handled_by_the_views_policy(LatePolicy policy)
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.FromMinutes(5));
        var run = new ProcessorHarness(source, StreamSpecs.Windowed(source, R.Tumbling("ts", Ten), policy));

        run.At("2024-06-01T10:01:00Z").At("2024-06-01T10:30:00Z").At("2024-06-01T10:24:00Z").At("2024-06-01T10:26:00Z").End();

        var counters = run.Processor.Views[0].Counters;
        Assert.Equal(1, counters.Late); // 10:24 < 10:30 - 5m; 10:26 is not
        Assert.Equal(policy == LatePolicy.Drop ? 1 : 0, counters.LateDropped);
        Assert.Equal(policy == LatePolicy.Quarantine ? 1 : 0, counters.LateQuarantined);
        Assert.Equal(policy == LatePolicy.Batch ? 1 : 0, counters.LateLeftToBatch);
        if (policy == LatePolicy.Quarantine)
        {
            var late = Assert.Single(run.Quarantined);
            Assert.Equal(("_late", "totals", 2L), (late.Rule, late.View, late.Offset));
            Assert.Contains("2024-06-01T10:24:00Z is behind the watermark 2024-06-01T10:30:00Z", late.Reason);
            Assert.Contains("10:24:00Z", late.Event);
        }
        else Assert.Empty(run.Quarantined);
        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T10:10Z|k|1|1|1|1", "2024-06-01T10:20Z|2024-06-01T10:30Z|k|1|1|1|1", "2024-06-01T10:30Z|2024-06-01T10:40Z|k|1|1|1|1"],
            run.Of("totals"));
    }

    [Fact]
    public void Duplicates_are_removed_by_the_sources_dedupe_and_counted_as_dropped()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.FromHours(1), b => b.Dedupe(["key", "ts"]));
        var run = new ProcessorHarness(source, StreamSpecs.Windowed(source, R.Tumbling("ts", Ten)));

        run.At("2024-06-01T10:01:00Z", amount: 5).At("2024-06-01T10:01:00Z", amount: 5).At("2024-06-01T10:02:00Z", amount: 7)
            .At("2024-06-01T10:01:00Z", amount: 5).End();

        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T10:10Z|k|2|12|5|7"], run.Of("totals"));
        Assert.Equal((4L, 2L, 2L), (run.Processor.Counters.Read, run.Processor.Counters.Kept, run.Processor.Counters.Dropped));
        var dedupe = run.Processor.Cleaner.Rules.Single(r => r.Kind == "dedupe");
        Assert.Equal(("dedupe by key, ts", 4L, 2L, 2L), (dedupe.Rule, dedupe.Checked, dedupe.Violations, dedupe.Dropped));
    }

    [Fact]
    public void Without_events_in_every_partition_the_watermark_waits_until_the_quiet_one_is_idle()
    {
        var source = StreamSpecs.Events(TimeSpan.Zero, TimeSpan.Zero);
        var run = new ProcessorHarness(source, StreamSpecs.Windowed(source, R.Tumbling("ts", Ten)));
        run.Processor.Own(0);
        run.Processor.Own(1);

        run.At("2024-06-01T10:01:00Z", partition: 0).At("2024-06-01T10:31:00Z", partition: 0);
        Assert.Empty(run.Of("totals")); // partition 1 has said nothing yet
        run.Idle(1);
        Assert.Equal(["2024-06-01T10:00Z|2024-06-01T10:10Z|k|1|1|1|1"], run.Of("totals"));
    }

    [Fact]
    public void The_same_events_give_the_same_windows_and_late_set_however_partitions_interleave()
    {
        var source = StreamSpecs.Events(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3));
        var rng = new Random(7);
        var events = new List<(int Partition, string Time, string Key, long Amount)>();
        var clock = new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 400; i++)
        {
            var partition = rng.Next(3);
            var jitter = TimeSpan.FromSeconds(rng.Next(-400, 60));
            events.Add((partition, (clock.AddSeconds(i * 20) + jitter).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), "k" + partition, i));
        }

        List<string> Run(IEnumerable<(int Partition, string Time, string Key, long Amount)> order)
        {
            var run = new ProcessorHarness(source, StreamSpecs.Windowed(source, R.Tumbling("ts", Ten)));
            foreach (var p in new[] { 0, 1, 2 }) run.Processor.Own(p);
            foreach (var e in order) run.At(e.Time, e.Key, e.Amount, e.Partition);
            run.End();
            return [.. run.Of("totals").Order(StringComparer.Ordinal), $"late={run.Processor.Views[0].Counters.Late}"];
        }

        // Same order within each partition, different interleavings across partitions.
        var byPartition = events.GroupBy(e => e.Partition).Select(g => g.ToList()).ToList();
        var roundRobin = Enumerable.Range(0, byPartition.Max(p => p.Count)).SelectMany(i => byPartition.Where(p => i < p.Count).Select(p => p[i]));
        var oneAfterAnother = byPartition.SelectMany(p => p);

        var expected = Run(events);
        Assert.Equal(expected, Run(roundRobin));
        Assert.Equal(expected, Run(oneAfterAnother));
        Assert.NotEqual("late=0", expected[^1]);
    }

    [Fact]
    public void A_processor_restored_from_a_snapshot_continues_exactly_like_one_that_never_stopped()
    {
        var source = StreamSpecs.Events(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), b => b.Dedupe(["key", "ts"]));
        ViewIr[] Views() => [StreamSpecs.Windowed(source, R.Tumbling("ts", Ten)), StreamSpecs.Windowed(source, R.Session("ts", TimeSpan.FromMinutes(7)), name: "sessions")];
        var times = Enumerable.Range(0, 60).Select(i => new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc).AddMinutes(i * 1.5 - (i % 4) * 2)).ToList();

        var straight = new ProcessorHarness(source, Views());
        foreach (var (time, i) in times.Select((t, i) => (t, i))) straight.At(time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), "k" + i % 3, i);
        straight.At(times[10].ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), "k1", 10); // a duplicate the restored dedupe must still know
        straight.End();

        var first = new ProcessorHarness(source, Views());
        foreach (var (time, i) in times.Take(30).Select((t, i) => (t, i))) first.At(time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), "k" + i % 3, i);
        var snapshot = first.Processor.Snapshot();
        var second = new ProcessorHarness(source, Views());
        second.Processor.Restore(snapshot);
        foreach (var (time, i) in times.Select((t, i) => (t, i)).Skip(30)) second.At(time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), "k" + i % 3, i);
        second.At(times[10].ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), "k1", 10);
        second.End();

        foreach (var view in new[] { "totals", "sessions" })
            Assert.Equal(straight.Of(view), [.. first.Of(view), .. second.Of(view)]);
        Assert.Equal(straight.Processor.Counters.Dropped, first.Processor.Counters.Dropped + second.Processor.Counters.Dropped);
    }
}
