using System.Text.Json.Nodes;
using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.Elasticsearch;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Elasticsearch;

public class EsTargetTests
{
    private static JsonObject Template(PipelineIr ir) =>
        JsonNode.Parse(new ElasticsearchTarget().Emit(ir, TargetOptions.Default).Single(f => f.RelativePath.EndsWith("index-template.json", StringComparison.Ordinal)).Content)!.AsObject();

    [Fact]
    public void Mapping_is_strict_and_types_follow_the_ir()
    {
        var properties = Template(ProductSearchIr.Build())["template"]!["mappings"]!;
        Assert.Equal("strict", (string)properties["dynamic"]!);
        var p = properties["properties"]!;
        Assert.Equal("keyword", (string)p["sku"]!["type"]!);
        Assert.Equal("text", (string)p["title"]!["type"]!);
        Assert.Equal("english", (string)p["title"]!["analyzer"]!);
        Assert.Equal("keyword", (string)p["title"]!["fields"]!["keyword"]!["type"]!);
        Assert.Equal("scaled_float", (string)p["price"]!["type"]!);
        Assert.Equal(100, (long)p["price"]!["scaling_factor"]!);
        Assert.Equal("boolean", (string)p["available"]!["type"]!);
        Assert.Equal("date", (string)p["updated_at"]!["type"]!);
    }

    [Fact]
    public void Records_are_objects_lists_of_records_are_nested_and_wide_decimals_are_doubles()
    {
        var schema = new RelSchema([
            new Column("address", T.Opt(T.Record(("city", T.String), ("zip", T.Int)))),
            new Column("lines", T.List(T.Record(("sku", T.String), ("qty", T.Int)))),
            new Column("tags", T.List(T.String)),
            new Column("huge", T.Decimal(30, 4)),
            new Column("raw", T.Json),
        ]);
        var fields = EsMappingBuilder.Fields(schema, [], null);
        Assert.Equal(("object", "keyword"), (fields[0].Type, fields[0].Properties[0].Type));
        Assert.Equal(("nested", "integer"), (fields[1].Type, fields[1].Properties[1].Type));
        Assert.Equal("keyword", fields[2].Type);
        Assert.Equal("double", fields[3].Type);
        Assert.Equal(("object", false), (fields[4].Type, fields[4].Enabled));
    }

    [Fact]
    public void Retention_gives_an_ilm_policy_with_rollover_and_delete()
    {
        var files = new ElasticsearchTarget().Emit(WorldHungerIr.Build(), TargetOptions.Default);
        var policy = JsonNode.Parse(files.Single(f => f.RelativePath.EndsWith("ilm-policy.json", StringComparison.Ordinal)).Content)!;
        Assert.Equal("365d", (string)policy["policy"]!["phases"]!["delete"]!["min_age"]!);
        Assert.Equal("30d", (string)policy["policy"]!["phases"]!["hot"]!["actions"]!["rollover"]!["max_age"]!);
        var settings = Template(WorldHungerIr.Build())["template"]!["settings"]!["index"]!;
        Assert.Equal("disaster-decades", (string)settings["lifecycle"]!["rollover_alias"]!);
        var bootstrap = JsonNode.Parse(files.Single(f => f.RelativePath.EndsWith("bootstrap-index.json", StringComparison.Ordinal)).Content)!;
        Assert.True((bool)bootstrap["aliases"]!["disaster-decades"]!["is_write_index"]!);
    }

    [Fact]
    public void Without_retention_there_is_no_policy_but_still_a_write_alias()
    {
        var ir = ProductSearchIr.Build();
        ir = ir with { Sinks = [ir.Sinks[0] with { Retention = null }] };
        var files = new ElasticsearchTarget().Emit(ir, TargetOptions.Default);
        Assert.DoesNotContain(files, f => f.RelativePath.EndsWith("ilm-policy.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.RelativePath == "elasticsearch/products/bootstrap-index.json");
        Assert.Null(Template(ir)["template"]!["settings"]!["index"]!["lifecycle"]);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("_hidden")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a\"b")]
    public void Invalid_index_names_are_a_target_error(string index)
    {
        var ir = ProductSearchIr.Build();
        ir = ir with { Sinks = [ir.Sinks[0] with { Index = index }] };
        var error = Assert.Throws<TargetException>(() => new ElasticsearchTarget().Emit(ir, TargetOptions.Default));
        Assert.Equal("PULSE4201", error.Code);
    }

    [Fact]
    public void Painless_guards_escape_names_and_treat_missing_fields_as_passing()
    {
        var name = E.Col("it's \\ \"x\"", T.String);
        Assert.True(PainlessTranslator.TryViolation(E.Eq(name, E.Str("a'b")), out var condition, out _));
        Assert.Equal("ctx['it\\'s \\\\ \"x\"'] != null && !(((String) ctx['it\\'s \\\\ \"x\"']).equals('a\\'b'))", condition);

        Assert.True(PainlessTranslator.TryViolation(E.Regex(E.Col("p", T.String), "^/a/b\\/c$"), out var regex, out _));
        Assert.Contains("/^\\/a\\/b\\/c$/.matcher", regex);

        Assert.False(PainlessTranslator.TryViolation(E.Eq(E.Call("lower", T.String, E.Col("a", T.String)), E.Str("x")), out _, out var reason));
        Assert.Contains("lower", reason);
    }

    [Fact]
    public void Fail_messages_cannot_carry_a_mustache_template()
    {
        var pipeline = new ElasticsearchTarget().Emit(HostileIr.Build(), TargetOptions.Default).Single(f => f.RelativePath.EndsWith("ingest-pipeline.json", StringComparison.Ordinal));
        var messages = JsonNode.Parse(pipeline.Content)!["processors"]!.AsArray()
            .Select(p => p!.AsObject().First().Value!["message"]).Where(m => m is not null).Select(m => (string)m!).ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.DoesNotContain("{{", m));
    }
}
