using Pulse.Targets.Common;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Common;

/// <summary>
/// Connection settings are references (env / secret); their values exist only in the environment
/// of whoever runs the pipeline. Set them here, compile every example, and search every output.
/// </summary>
public class SecretsTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["PULSE_PG_HOST"] = "pg-host-value-7f3a",
        ["PULSE_PG_USER"] = "pg-user-value-7f3a",
        ["PULSE_ES_URL"] = "https://es-url-value-7f3a.example",
        ["PULSE_KAFKA_BROKERS"] = "kafka-brokers-value-7f3a:9092",
        ["SHOP_DB_URL"] = "postgres://shop:s3cr3t-7f3a@db",
        ["INVENTORY_DB_URL"] = "postgres://inv:s3cr3t-8e2b@db",
        ["SEARCH_URL"] = "https://search-value-8e2b.example",
        ["KAFKA_BROKERS"] = "brokers-value-8e2b:9092",
        ["HOSTILE_DB_URL"] = "postgres://h:s3cr3t-9c1d@db",
        // Secret-manager entries, in case a backend resolved them through the environment.
        ["warehouse-password"] = "warehouse-password-value-9c1d",
        ["search-api-key"] = "search-api-key-value-9c1d",
        ["shop-db-password"] = "shop-db-password-value-9c1d",
        ["hostile-db-password"] = "hostile-db-password-value-9c1d",
    };

    [Fact]
    public void No_env_or_secret_value_reaches_any_artifact()
    {
        foreach (var (name, value) in Values) Environment.SetEnvironmentVariable(name, value);
        try
        {
            var files = Examples.All.Keys.SelectMany(GoldenTests.Emit).ToList();
            Assert.NotEmpty(files);
            foreach (var file in files)
                foreach (var value in Values.Values)
                    Assert.False(file.Content.Contains(value, StringComparison.Ordinal), $"{file.RelativePath} contains the value of a secret or env variable");
            // Roles never get a password in DDL.
            Assert.All(files.Where(f => f.RelativePath.EndsWith(".sql", StringComparison.Ordinal)),
                f => Assert.DoesNotContain("PASSWORD", f.Content, StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            foreach (var name in Values.Keys) Environment.SetEnvironmentVariable(name, null);
        }
    }
}
