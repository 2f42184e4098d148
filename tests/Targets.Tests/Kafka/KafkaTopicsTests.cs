using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pulse.Targets.Common;
using Pulse.Targets.Kafka;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Kafka;

public partial class KafkaTopicsTests
{
    [GeneratedRegex("^[a-zA-Z0-9._-]{1,249}$")]
    private static partial Regex LegalTopic();

    [Fact]
    public void Every_example_topic_name_is_a_legal_kafka_name()
    {
        var names = Examples.All.Keys.SelectMany(k => KafkaTopicsParser.Parse(Examples.Get(k)).Topics).Select(t => t.Name).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Matches(LegalTopic(), n));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("has space")]
    [InlineData("café")]
    [InlineData("a/b")]
    public void Illegal_topic_names_are_a_target_error(string topic)
    {
        var ir = ClickstreamIr.Build();
        ir = ir with { Sinks = [ir.Sinks[0] with { Topic = topic }, ir.Sinks[1]] };
        var error = Assert.Throws<TargetException>(() => new KafkaTopicsTarget().Emit(ir, TargetOptions.Default));
        Assert.Equal("PULSE4301", error.Code);
        Assert.False(KafkaNames.IsValidTopic(topic, out _));
    }

    [Fact]
    public void Names_of_exactly_249_characters_are_legal_and_250_are_not()
    {
        Assert.True(KafkaNames.IsValidTopic(new string('a', 249), out _));
        Assert.False(KafkaNames.IsValidTopic(new string('a', 250), out var reason));
        Assert.Contains("250", reason);
    }

    [Fact]
    public void Source_retention_covers_the_speed_views_and_batch_readers_keep_everything()
    {
        var clicks = KafkaTopicsParser.Parse(ClickstreamIr.Build()).Topics.Single(t => t.Name == "page-views");
        Assert.Equal((long)TimeSpan.FromDays(7).TotalMilliseconds, clicks.RetentionMs);
        Assert.Contains(clicks.Reasons, r => r.Contains("visits needs 2h2m30s"));

        var food = KafkaTopicsParser.Parse(WorldHungerIr.Build()).Topics.Single(t => t.Name == "food-prices");
        Assert.Equal(-1, food.RetentionMs);
        Assert.Equal((6, 3), (food.Partitions, food.Replication));

        // A speed view that retains longer than the default raises the retention above it.
        var ir = ClickstreamIr.Build();
        var views = ir.Views.Select(v => v.Name == "visits" ? v with { Streaming = v.Streaming! with { Retain = TimeSpan.FromDays(10) } } : v);
        var longer = KafkaTopicsParser.Parse(ir with { Views = [.. views] }).Topics.Single(t => t.Name == "page-views");
        Assert.Equal((long)(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(30)).TotalMilliseconds, longer.RetentionMs);
    }

    [Fact]
    public void Sink_topics_are_compacted_only_when_the_key_identifies_a_result_row()
    {
        // visits is keyed by visitor_id, but one visitor has many sessions: compaction would lose them.
        var visits = KafkaTopicsParser.Parse(ClickstreamIr.Build()).Topics.Single(t => t.Name == "visits");
        Assert.Equal("delete", visits.CleanupPolicy);
        Assert.Contains(visits.Reasons, r => r.Contains("does not cover visits's row key (window_start, visitor_id)"));

        var counts = KafkaTopicsParser.Parse(HostileIr.Build()).Topics.Single(t => t.Name == "hostile.counts_v1-x");
        Assert.Equal("compact", counts.CleanupPolicy);
        Assert.Null(counts.RetentionMs);
    }

    [Fact]
    public void Topics_json_has_one_entry_per_source_and_sink_topic()
    {
        var json = JsonNode.Parse(new KafkaTopicsTarget().Emit(ClickstreamIr.Build(), TargetOptions.Default).Single().Content)!;
        var topics = json["topics"]!.AsArray();
        Assert.Equal(["page-views", "visits"], topics.Select(t => (string)t!["name"]!));
        Assert.Equal(["source", "sink"], topics.Select(t => (string)t!["role"]!));
        Assert.All(topics, t => Assert.IsType<string>((string)t!["config"]!["cleanup.policy"]!));
    }
}
