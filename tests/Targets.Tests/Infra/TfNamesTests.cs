using Pulse.Targets.Infra.Emit;
using Pulse.Targets.Infra.Model;

namespace Pulse.Targets.Tests.Infra;

public class TfNamesTests
{
    private static readonly string[] Names =
    [
        "orders", "Orders", "order-items", "order_items", "order items", "end", "class", "数据", "データ", "a\"b", "a'b",
        "${var.x}", "", "1st", "ünïcødé", "a__b", "a_b", "-", "_",
    ];

    [Fact]
    public void Identifiers_are_terraform_identifiers_and_distinct_names_stay_distinct_beyond_case_and_dashes()
    {
        var seen = new Dictionary<string, string>();
        foreach (var name in Names)
        {
            var id = TfNames.Identifier(name);
            Assert.Matches("^[a-z_][a-z0-9_]*$", id);
            var key = name.ToLowerInvariant().Replace('-', '_');
            if (seen.TryGetValue(id, out var other))
                Assert.True(other.ToLowerInvariant().Replace('-', '_') == key, $"'{name}' and '{other}' both became '{id}'");
            seen[id] = name;
        }
        Assert.Equal("order_items", TfNames.Identifier("order-items"));
        Assert.Equal("orders", TfNames.Identifier("orders"));
    }

    [Fact]
    public void Dns_labels_are_valid_and_bounded()
    {
        foreach (var name in Names.Append(new string('x', 100)))
        {
            var label = TfNames.DnsLabel(name, 40);
            Assert.Matches("^[a-z]([a-z0-9-]*[a-z0-9])?$", label);
            Assert.True(label.Length <= 40, label);
        }
        Assert.Equal("world-hunger-prod", TfNames.DnsLabel("world_hunger-prod"));
        Assert.NotEqual(TfNames.DnsLabel("a b"), TfNames.DnsLabel("a.b"));
    }

    [Fact]
    public void Gcp_label_values_are_lowercase_and_bounded()
    {
        foreach (var name in Names.Append(new string('Z', 100)))
            Assert.Matches(@"^[\p{Ll}\p{Lo}0-9_-]{0,63}$", TfNames.LabelValue(name));
        Assert.Equal("world_hunger", TfNames.LabelValue("world_hunger"));
    }

    [Fact]
    public void Storage_account_names_are_lowercase_alphanumeric_and_at_most_24()
    {
        foreach (var name in Names.Append(new string('y', 100)))
            Assert.Matches("^[a-z0-9]{6,24}$", TfNames.Alphanumeric("pulse" + name, 24));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("${var.x}", "$${var.x}")]
    [InlineData("%{if x}", "%%{if x}")]
    [InlineData("$${already}", "$$${already}")]
    [InlineData("$ {not} % {either}", "$ {not} % {either}")]
    public void Terraform_literals_escape_interpolations_and_directives(string text, string escaped) =>
        Assert.Equal(escaped, TerraformTemplate.EscapeLiteral(text));

    [Fact]
    public void Comment_text_loses_every_line_break_csharp_knows()
    {
        Assert.Equal("a b c d e f", CdktfStackEmitter.OneLine("a\rb\nc\u0085d\u2028e\u2029f"));
    }
}
