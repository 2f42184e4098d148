using Pulse.Compiler.Common;
using Pulse.Compiler.Functions;
using Pulse.Compiler.Properties;
using Pulse.Compiler.Types;

namespace Pulse.Compiler.Tests.Catalogs;

public class CatalogTests
{
    [Fact]
    public void Every_function_of_the_language_reference_is_in_the_catalog_with_docs()
    {
        string[] documented = ["trim", "lower", "upper", "substring", "replace", "regex_match", "concat", "length", "round", "abs", "floor", "ceil",
            "year", "month", "day", "date_trunc", "now", "date", "timestamp", "parse_date", "parse_timestamp",
            "count", "count_distinct", "sum", "avg", "min", "max", "first", "last"];
        Assert.Equal(documented.Order(), FunctionCatalog.Names.Order());
        foreach (var function in FunctionCatalog.All)
        {
            Assert.StartsWith(function.Name + "(", function.Signature, StringComparison.Ordinal);
            Assert.Contains("->", function.Signature, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(function.Doc));
        }
    }

    [Fact]
    public void Aggregate_result_types_follow_the_documented_rules()
    {
        var sum = FunctionCatalog.Find("sum")!;
        var avg = FunctionCatalog.Find("avg")!;
        Assert.Equal(PulseType.Long, FunctionCatalog.ResultOf(sum, [PulseType.Int]));
        Assert.Equal(PulseType.Decimal(38, 2).AsNullable(), FunctionCatalog.ResultOf(sum, [PulseType.Decimal(10, 2).AsNullable()]));
        Assert.Equal(PulseType.Double, FunctionCatalog.ResultOf(avg, [PulseType.Long]));
        Assert.Equal(PulseType.Decimal(14, 8), FunctionCatalog.ResultOf(avg, [PulseType.Decimal(10, 4)]));
        Assert.Equal(PulseType.Long, FunctionCatalog.ResultOf(FunctionCatalog.Find("count")!, [PulseType.String.AsNullable()]));
        Assert.True(FunctionCatalog.Find("count")!.IsAggregate);
        Assert.False(FunctionCatalog.Find("concat")!.IsAggregate);
    }

    [Fact]
    public void Variadic_and_optional_parameters()
    {
        var concat = FunctionCatalog.Find("concat")!;
        Assert.Null(concat.MaxArguments);
        Assert.Equal("part", FunctionCatalog.ParameterAt(concat, 5)!.Name);
        var round = FunctionCatalog.Find("round")!;
        Assert.Equal(1, round.MinArguments);
        Assert.Equal(2, round.MaxArguments);
        Assert.Null(FunctionCatalog.ParameterAt(round, 2));
        Assert.Equal(ConstantCheck.Regex, FunctionCatalog.Find("regex_match")!.Parameters[1].Constant);
    }

    [Theory]
    [InlineData("csv", "path,header,delimiter,quote,nulls")]
    [InlineData("json", "path")]
    [InlineData("ndjson", "path")]
    [InlineData("parquet", "path")]
    [InlineData("http", "connection,url,record_path,pagination,page_param,cursor_param,cursor_path,page_size,max_pages,timeout,retries")]
    [InlineData("postgres", "connection,table,query")]
    [InlineData("elasticsearch", "connection,index,query")]
    [InlineData("kafka", "connection,topic,key,event_time,watermark,lateness,replay")]
    public void Source_properties_are_those_of_the_language_reference(string format, string properties) =>
        Assert.Equal(properties.Split(','), PropertyCatalog.ForSource(format)!.Names);

    [Theory]
    [InlineData("postgres", "from,connection,table,key,indexes,mode")]
    [InlineData("elasticsearch", "from,connection,index,id,text,analyzer,retention")]
    [InlineData("delta", "from,path,partition_by")]
    [InlineData("parquet", "from,path,partition_by")]
    [InlineData("kafka", "from,connection,topic,key")]
    public void Sink_properties_are_those_of_the_language_reference(string kind, string properties) =>
        Assert.Equal(properties.Split(','), PropertyCatalog.ForSink(kind)!.Names);

    [Fact]
    public void Schedule_and_deploy_blocks()
    {
        Assert.Equal(["cron", "owner", "retries", "retry_delay", "sla"], PropertyCatalog.Schedule.Names);
        Assert.True(PropertyCatalog.Schedule.Find("cron")!.Required);
        var deploy = PropertyCatalog.Deploy;
        Assert.Equal(["cloud", "region", "databricks", "postgres", "kafka", "elasticsearch", "monitoring"], deploy.Names);
        Assert.Equal(["azure", "gcp"], deploy.Find("cloud")!.EnumValues.ToArray());
        Assert.Equal(PropertyValueKind.Block, deploy.Find("databricks")!.Kind);
        Assert.Equal(["spark_version", "node_type", "min_workers", "max_workers"], deploy.Find("databricks")!.Nested!.Names);
        foreach (var block in new[] { PropertyCatalog.Pipeline, PropertyCatalog.Schedule, deploy })
            foreach (var property in block.Properties) Assert.False(string.IsNullOrWhiteSpace(property.Doc));
    }

    [Theory]
    [InlineData("password", true)]
    [InlineData("sasl_password", true)]
    [InlineData("token", true)]
    [InlineData("api_key", true)]
    [InlineData("client_secret", true)]
    [InlineData("signing_key", true)]
    [InlineData("host", false)]
    [InlineData("keyspace", false)]
    [InlineData("url", false)]
    public void Credential_names(string name, bool secret) => Assert.Equal(secret, PropertyCatalog.LooksSecret(name));

    [Fact]
    public void Credentials_of_connections_are_marked_secret() =>
        Assert.All(["postgres", "elasticsearch", "kafka", "http"], kind =>
            Assert.All(PropertyCatalog.ForConnection(kind)!.Properties.Where(p => PropertyCatalog.LooksSecret(p.Name)), p => Assert.True(p.IsSecret, p.Name)));

    [Theory]
    [InlineData("amuont", "amount")]
    [InlineData("custmer", "customer")]
    [InlineData("Amount", "amount")]
    [InlineData("ordres", "orders")]
    [InlineData("delimeter", "delimiter")]
    [InlineData("zzz", null)]
    [InlineData("a", null)]
    [InlineData("b", null)]
    [InlineData("ix", "id")]
    public void Did_you_mean_suggests_the_closest_name(string typo, string? expected) =>
        Assert.Equal(expected, DidYouMean.Suggest(typo, ["amount", "customer", "orders", "delimiter", "id"]));

    [Fact]
    public void Did_you_mean_counts_a_swap_as_one_edit() => Assert.Equal(1, DidYouMean.Distance("ordres", "orders"));
}

public class PropertyLookupTests
{
    [Fact]
    public void Written_properties_find_their_definitions_from_the_syntax()
    {
        var tree = Pulse.Compiler.Tests.Infrastructure.Repo.CompileExample("world-hunger").SyntaxTrees[0];
        var properties = tree.Root.DescendantNodes().OfType<Pulse.Language.Syntax.PropertySyntax>().ToList();
        Assert.Equal("The field that is the message key.", PropertyCatalog.ForProperty(properties.First(p => p.Name.Text == "key"))!.Doc);
        Assert.Equal("The worker VM type.", PropertyCatalog.ForProperty(properties.First(p => p.Name.Text == "node_type"))!.Doc);
        Assert.Equal(PropertyValueKind.ColumnLists, PropertyCatalog.ForProperty(properties.First(p => p.Name.Text == "indexes"))!.Kind);
        Assert.True(PropertyCatalog.ForProperty(properties.First(p => p.Name.Text == "password"))!.IsSecret);
        Assert.All(properties, p => Assert.NotNull(PropertyCatalog.ForProperty(p)));
    }
}
