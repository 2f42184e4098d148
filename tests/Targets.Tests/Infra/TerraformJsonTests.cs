using Pulse.Targets.Common;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Targets.Infra;
using Pulse.Targets.Infra.Validation;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Infra;

/// <summary>
/// The Terraform JSON path: what the deploy blocks ask for is there, every reference resolves, no
/// secret is a literal, and terraform itself reads the configuration (terraform providers decodes
/// the whole root module offline; validate would need the providers downloaded).
/// </summary>
public class TerraformJsonTests
{
    public static TheoryData<string> Cases => new() { "world-hunger", "product-search", "hostile-azure", "hostile-gcp", "product-search-with-postgres", "hostile-spec" };

    internal static PipelineIr Pipeline(string name) => name switch
    {
        "hostile-azure" => InfraFixtures.Hostile(Cloud.Azure),
        "hostile-gcp" => InfraFixtures.Hostile(Cloud.Gcp),
        "product-search-with-postgres" => WithPostgres(InfraFixtures.ProductSearch()),
        "hostile-spec" => InfraTestSupport.HostileSpec(),
        _ => InfraTestSupport.Example(name),
    };

    /// <summary>product-search on GCP plus a managed PostgreSQL (a sink into a postgres connection), to exercise Cloud SQL.</summary>
    private static PipelineIr WithPostgres(PipelineIr pipeline)
    {
        var deploy = pipeline.Deployments[0] with { Postgres = new PostgresDeployIr("db-custom-2-7680", true, 10) };
        var sink = InfraFixtures.WorldHunger().Sinks[0] with { Name = "stock_table", From = "stock_totals", Connection = "inventory" };
        return pipeline with { Deployments = [deploy], Sinks = [.. pipeline.Sinks, sink] };
    }

    internal static string MainTfJson(PipelineIr pipeline) => Assert.Single(MainTfJsons(pipeline));

    /// <summary>One main.tf.json per deploy block written.</summary>
    internal static List<string> MainTfJsons(PipelineIr pipeline) =>
        new InfraTarget().Emit(pipeline, TargetOptions.Default)
            .Where(f => f.RelativePath.EndsWith("terraform/main.tf.json", StringComparison.Ordinal)).Select(f => f.Content).ToList();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_reference_resolves_and_no_secret_is_a_literal(string name)
    {
        var configurations = MainTfJsons(Pipeline(name));
        Assert.NotEmpty(configurations);
        foreach (var json in configurations)
        {
            var problems = TerraformConfigCheck.Check(json);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Terraform_decodes_the_configuration(string name)
    {
        var terraform = InfraTestSupport.FindOnPath("terraform");
        if (terraform is null)
        {
            Assert.False(InfraTestSupport.IsCi, "terraform is not installed (CI=true needs it on PATH)");
            return;   // outside CI the structural checks above still ran
        }
        foreach (var json in MainTfJsons(Pipeline(name)))
        {
            var dir = Directory.CreateTempSubdirectory("pulse-tf-").FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "main.tf.json"), json);
                var result = InfraTestSupport.Run(terraform, "providers -no-color", dir, TimeSpan.FromMinutes(1),
                    new Dictionary<string, string> { ["TF_CLI_CONFIG_FILE"] = "/dev/null", ["CHECKPOINT_DISABLE"] = "1" });
                Assert.True(result.ExitCode == 0, result.Output);
                Assert.Contains("provider[registry.terraform.io/hashicorp/helm] 3.1.1", result.Output);
                Assert.Contains("provider[registry.terraform.io/hashicorp/kubernetes] 2.38.0", result.Output);
                Assert.Contains("provider[registry.terraform.io/databricks/databricks] 1.99.0", result.Output);
            }
            finally { Directory.Delete(dir, recursive: true); }
        }
    }

    [Fact]
    public void World_hunger_on_azure_gets_what_its_deploy_block_asks_for()
    {
        using var doc = JsonDocument.Parse(MainTfJson(InfraTestSupport.Example("world-hunger")));
        var resources = doc.RootElement.GetProperty("resource");

        var server = resources.GetProperty("azurerm_postgresql_flexible_server").GetProperty("main");
        Assert.Equal("GP_Standard_D2s_v3", server.GetProperty("sku_name").GetString());
        Assert.Equal(14, server.GetProperty("backup_retention_days").GetInt32());
        Assert.Equal("ZoneRedundant", server.GetProperty("high_availability").GetProperty("mode").GetString());
        Assert.False(server.GetProperty("public_network_access_enabled").GetBoolean());
        Assert.Equal("${azurerm_subnet.postgres.id}", server.GetProperty("delegated_subnet_id").GetString());
        Assert.Equal("${data.azurerm_key_vault_secret.secret_warehouse_password.value}", server.GetProperty("administrator_password").GetString());
        var delegation = resources.GetProperty("azurerm_subnet").GetProperty("postgres").GetProperty("delegation")[0];
        Assert.Equal("Microsoft.DBforPostgreSQL/flexibleServers", delegation.GetProperty("service_delegation").GetProperty("name").GetString());
        Assert.Equal("hunger", resources.GetProperty("azurerm_postgresql_flexible_server_database").GetProperty("warehouse").GetProperty("name").GetString());

        var lake = resources.GetProperty("azurerm_storage_account").GetProperty("lake");
        Assert.True(lake.GetProperty("is_hns_enabled").GetBoolean());
        Assert.True(resources.TryGetProperty("azurerm_kubernetes_cluster", out _));

        var cluster = resources.GetProperty("databricks_cluster").GetProperty("pulse");
        Assert.Equal("Standard_DS3_v2", cluster.GetProperty("node_type_id").GetString());
        Assert.Equal("15.4.x-scala2.12", cluster.GetProperty("spark_version").GetString());
        Assert.Equal(2, cluster.GetProperty("autoscale").GetProperty("min_workers").GetInt32());
        Assert.Equal(8, cluster.GetProperty("autoscale").GetProperty("max_workers").GetInt32());
        var jobs = resources.GetProperty("databricks_job").EnumerateObject().Select(j => j.Name).ToList();
        Assert.Equal(["cluster_trends", "life_gains", "disaster_decades", "hourly_food_prices"], jobs);   // the batch views, not speed/serving

        var releases = resources.GetProperty("helm_release").EnumerateObject().ToDictionary(r => r.Name, r => r.Value.GetProperty("chart").GetString());
        Assert.Equal("strimzi-kafka-operator", releases["strimzi"]);
        Assert.Equal("eck-operator", releases["eck_operator"]);
        Assert.Equal("airflow", releases["airflow"]);
        Assert.Equal("kube-prometheus-stack", releases["kube_prometheus_stack"]);

        var manifests = resources.GetProperty("kubernetes_manifest");
        var kafkaConfig = manifests.GetProperty("kafka_cluster").GetProperty("manifest").GetProperty("spec").GetProperty("kafka").GetProperty("config");
        Assert.Equal(6, kafkaConfig.GetProperty("num.partitions").GetInt32());
        Assert.Equal(3, kafkaConfig.GetProperty("default.replication.factor").GetInt32());
        Assert.Equal("food-prices", manifests.GetProperty("kafka_topic_food_prices").GetProperty("manifest").GetProperty("spec").GetProperty("topicName").GetString());
        var nodeSet = manifests.GetProperty("elasticsearch").GetProperty("manifest").GetProperty("spec").GetProperty("nodeSets")[0];
        Assert.Equal(3, nodeSet.GetProperty("count").GetInt32());
        Assert.Contains("\"4Gi\"", nodeSet.GetRawText());
        Assert.True(manifests.TryGetProperty("kibana", out _));
        Assert.Equal("PrometheusRule", manifests.GetProperty("alert_rules").GetProperty("manifest").GetProperty("kind").GetString());

        var dashboard = resources.GetProperty("kubernetes_config_map_v1").GetProperty("grafana_dashboard");
        Assert.Equal("1", dashboard.GetProperty("metadata").GetProperty("labels").GetProperty("grafana_dashboard").GetString());

        var env = resources.GetProperty("kubernetes_config_map_v1").GetProperty("environment").GetProperty("data");
        Assert.Equal("${azurerm_postgresql_flexible_server.main.fqdn}", env.GetProperty("PULSE_PG_HOST").GetString());
        Assert.Equal("pulse-kafka-kafka-bootstrap.kafka.svc:9092", env.GetProperty("PULSE_KAFKA_BROKERS").GetString());
        var secrets = resources.GetProperty("kubernetes_secret_v1").GetProperty("secrets").GetProperty("data");
        Assert.Equal("${data.azurerm_key_vault_secret.secret_search_api_key.value}", secrets.GetProperty("PULSE_SECRET_SEARCH_API_KEY").GetString());

        var variables = doc.RootElement.GetProperty("variable");
        Assert.True(variables.GetProperty("alertmanager_smtp_password").GetProperty("sensitive").GetBoolean());
        Assert.False(variables.GetProperty("alertmanager_smtp_password").TryGetProperty("default", out _));
    }

    [Fact]
    public void Product_search_on_gcp_uses_gke_gcs_and_secret_manager_and_leaves_unknown_settings_to_variables()
    {
        using var doc = JsonDocument.Parse(MainTfJson(InfraTestSupport.Example("product-search")));
        var resources = doc.RootElement.GetProperty("resource");
        Assert.True(resources.TryGetProperty("google_container_cluster", out _));
        Assert.True(resources.TryGetProperty("google_storage_bucket", out _));
        Assert.False(resources.TryGetProperty("google_sql_database_instance", out _));   // no postgres section
        Assert.False(resources.TryGetProperty("azurerm_resource_group", out _));
        var data = doc.RootElement.GetProperty("data").GetProperty("google_secret_manager_secret_version");
        Assert.Equal(["secret_catalog_api_token", "secret_search_api_key"], data.EnumerateObject().Select(d => d.Name).ToList());
        Assert.Equal("catalog-api-token", data.GetProperty("secret_catalog_api_token").GetProperty("secret").GetString());
        var env = resources.GetProperty("kubernetes_config_map_v1").GetProperty("environment").GetProperty("data");
        Assert.Equal("${var.env_inventory_db_url}", env.GetProperty("INVENTORY_DB_URL").GetString());   // inventory is not provisioned here
        Assert.Equal("https://pulse-es-es-http.elastic.svc:9200", env.GetProperty("SEARCH_URL").GetString());
        Assert.Equal(3, resources.GetProperty("databricks_job").EnumerateObject().Count());
        Assert.False(resources.GetProperty("kubernetes_manifest").TryGetProperty("kafka_cluster", out _));   // no kafka section
        Assert.Equal("${var.databricks_host}", doc.RootElement.GetProperty("provider").GetProperty("databricks").GetProperty("host").GetString());
    }

    [Fact]
    public void Cloud_sql_is_private_regional_and_backed_up()
    {
        using var doc = JsonDocument.Parse(MainTfJson(Pipeline("product-search-with-postgres")));
        var resources = doc.RootElement.GetProperty("resource");
        var settings = resources.GetProperty("google_sql_database_instance").GetProperty("main").GetProperty("settings");
        Assert.Equal("db-custom-2-7680", settings.GetProperty("tier").GetString());
        Assert.Equal("REGIONAL", settings.GetProperty("availability_type").GetString());
        Assert.Equal(10, settings.GetProperty("backup_configuration").GetProperty("backup_retention_settings").GetProperty("retained_backups").GetInt32());
        Assert.False(settings.GetProperty("ip_configuration").GetProperty("ipv4_enabled").GetBoolean());
        Assert.Equal("${google_compute_network.main.id}", settings.GetProperty("ip_configuration").GetProperty("private_network").GetString());
        Assert.Equal(["google_service_networking_connection.private_services"],
            resources.GetProperty("google_sql_database_instance").GetProperty("main").GetProperty("depends_on").EnumerateArray().Select(e => e.GetString()).ToList());
        // inventory has no password secret: the admin password is a sensitive variable without default.
        Assert.Equal("${var.postgres_admin_password}", resources.GetProperty("google_sql_user").GetProperty("admin").GetProperty("password").GetString());
        var variable = doc.RootElement.GetProperty("variable").GetProperty("postgres_admin_password");
        Assert.True(variable.GetProperty("sensitive").GetBoolean());
        Assert.False(variable.TryGetProperty("default", out _));
    }

    [Fact]
    public void Hostile_names_stay_literal_text()
    {
        var json = MainTfJson(InfraFixtures.Hostile(Cloud.Gcp));
        using var doc = JsonDocument.Parse(json);
        var databases = doc.RootElement.GetProperty("resource").GetProperty("google_sql_database");
        // The database name ${var.x} and %{if} are escaped, so Terraform reads them as text.
        Assert.Equal("ev\"il $${var.x} %%{if} \\ class", databases.EnumerateObject().Single().Value.GetProperty("name").GetString());
        Assert.DoesNotContain("${bad}", json.Replace("$${bad}", ""));
        // Every local name is a Terraform identifier.
        foreach (var section in new[] { "resource", "data" })
            foreach (var type in doc.RootElement.GetProperty(section).EnumerateObject())
                foreach (var block in type.Value.EnumerateObject())
                    Assert.Matches("^[a-z_][a-z0-9_]*$", block.Name);
    }

    [Fact]
    public void The_check_reports_unresolved_references_literal_secrets_and_defaults_on_sensitive_variables()
    {
        const string bad = """
            {
              "provider": { "google": {} },
              "variable": { "db_password": { "type": "string", "default": "hunter2" }, "ok": { "type": "string" } },
              "resource": {
                "google_sql_user": {
                  "admin": { "password": "hunter2", "name": "${var.missing}", "instance": "${google_sql_database_instance.nope.name}",
                             "depends_on": ["google_compute_network.gone"] }
                },
                "helm_release": { "x": { "name": "$${not_a_reference} ${var.ok}" } }
              }
            }
            """;
        var problems = TerraformConfigCheck.Check(bad);
        Assert.Contains(problems, p => p.Contains("db_password looks like a secret but is not sensitive"));
        Assert.Contains(problems, p => p.Contains("secret attribute 'password' holds a literal value"));
        Assert.Contains(problems, p => p.Contains("undeclared var.missing"));
        Assert.Contains(problems, p => p.Contains("undeclared google_sql_database_instance.nope"));
        Assert.Contains(problems, p => p.Contains("depends_on names undeclared google_compute_network.gone"));
        Assert.Contains(problems, p => p.Contains("helm_release.x: no provider block for 'helm'"));
        Assert.DoesNotContain(problems, p => p.Contains("not_a_reference"));
        Assert.Equal(6, problems.Count);
    }
}
