using Pulse.Targets.Common;
using Pulse.Compiler.Ir;
using Pulse.Targets.Infra;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Infra;

/// <summary>
/// No secret value can reach an artifact: with every environment variable and secret the specs name
/// set to a recognisable value, none of those values appears in any generated file.
/// </summary>
public class SecretLeakTests
{
    internal static readonly Dictionary<string, string> SentinelEnvironment = new()
    {
        ["PULSE_PG_HOST"] = "sentinel-pg-host-7f3a",
        ["PULSE_PG_USER"] = "sentinel-pg-user-7f3a",
        ["PULSE_ES_URL"] = "sentinel-es-url-7f3a",
        ["PULSE_KAFKA_BROKERS"] = "sentinel-brokers-7f3a",
        ["INVENTORY_DB_URL"] = "sentinel-inventory-7f3a",
        ["SEARCH_URL"] = "sentinel-search-7f3a",
        ["WAREHOUSE_PASSWORD"] = "sentinel-warehouse-password-7f3a",
        ["SEARCH_API_KEY"] = "sentinel-search-api-key-7f3a",
        ["CATALOG_API_TOKEN"] = "sentinel-catalog-token-7f3a",
        ["PULSE_SECRET_WAREHOUSE_PASSWORD"] = "sentinel-secret-warehouse-7f3a",
        ["PULSE_SECRET_SEARCH_API_KEY"] = "sentinel-secret-search-7f3a",
        ["PULSE_SECRET_CATALOG_API_TOKEN"] = "sentinel-secret-catalog-7f3a",
    };

    [Theory]
    [MemberData(nameof(TerraformJsonTests.Cases), MemberType = typeof(TerraformJsonTests))]
    public void No_environment_or_secret_value_appears_in_any_artifact(string name)
    {
        var saved = SentinelEnvironment.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (key, value) in SentinelEnvironment) Environment.SetEnvironmentVariable(key, value);
            var files = new InfraTarget().Emit(TerraformJsonTests.Pipeline(name), TargetOptions.Default);
            foreach (var file in files)
                foreach (var value in SentinelEnvironment.Values)
                    Assert.False(file.Content.Contains(value, StringComparison.Ordinal), $"{file.RelativePath} contains {value}");
            Assert.DoesNotContain(files, f => f.Content.Contains("7f3a", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var (key, value) in saved) Environment.SetEnvironmentVariable(key, value);
        }
    }

    [Fact]
    public void Each_secret_the_spec_names_is_read_from_the_secret_manager()
    {
        var json = TerraformJsonTests.MainTfJson(InfraFixtures.WorldHunger());
        Assert.Contains("\"azurerm_key_vault_secret\"", json);
        Assert.Contains("\"name\": \"warehouse-password\"", json);
        Assert.Contains("\"name\": \"search-api-key\"", json);
        var gcp = TerraformJsonTests.MainTfJson(InfraFixtures.ProductSearch());
        Assert.Contains("\"secret\": \"catalog-api-token\"", gcp);
    }
}
