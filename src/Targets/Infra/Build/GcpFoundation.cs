using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;

namespace Pulse.Targets.Infra.Build;

/// <summary>GCP: VPC with private service access, Secret Manager secrets, Cloud SQL for PostgreSQL, a GCS bucket, GKE.</summary>
public sealed partial class InfraStackBuilder
{
    private const string Google = "google";

    private CloudFoundation BuildGcp()
    {
        var prefix = _plan.Prefix;
        var project = _stack.Variable("gcp_project", TfVariableType.String, "Google Cloud project to deploy into.");
        _stack.Provider(new TfProviderRequirement(Google, "hashicorp/google", ChartVersions.GoogleProvider), p => p
            .Set("project", new TfVariableRef(project))
            .Set("region", _plan.Deploy.Region));

        var network = _stack.Resource(Google, "google_compute_network", "main", a => a
            .Set("name", $"vpc-{prefix}")
            .Set("auto_create_subnetworks", false));
        var subnet = _stack.Resource(Google, "google_compute_subnetwork", "kubernetes", a => a
            .Set("name", $"snet-{prefix}")
            .Set("region", _plan.Deploy.Region)
            .Set("network", network.Ref("id"))
            .Set("ip_cidr_range", "10.20.0.0/20")
            .Blocks("secondary_ip_range",
                r => r.Set("range_name", "pods").Set("ip_cidr_range", "10.24.0.0/14"),
                r => r.Set("range_name", "services").Set("ip_cidr_range", "10.28.0.0/20")));

        var secrets = GcpSecrets();
        var lake = GcpLake();
        var postgresHost = _plan.Deploy.Postgres is { } postgres ? GcpPostgres(postgres, network, secrets) : null;

        var (minNodes, maxNodes) = NodeCount();
        var nodeSize = NodeSizeVariable("e2-standard-4");
        var cluster = _stack.Resource(Google, "google_container_cluster", "main", a => a
            .Set("name", $"gke-{prefix}")
            .Set("location", _plan.Deploy.Region)
            .Set("network", network.Ref("id"))
            .Set("subnetwork", subnet.Ref("id"))
            .Set("remove_default_node_pool", true)
            .Set("initial_node_count", 1L)
            .Set("deletion_protection", true)
            .Block("ip_allocation_policy", p => p
                .Set("cluster_secondary_range_name", "pods")
                .Set("services_secondary_range_name", "services"))
            .Block("workload_identity_config", w => w
                .Set("workload_pool", new TfInterpolation([new TfVariableRef(project), ".svc.id.goog"])))
            .Set("resource_labels", GcpLabels(_plan)));
        var pool = _stack.Resource(Google, "google_container_node_pool", "main", a => a
            .Set("name", "pulse")
            .Set("cluster", cluster.Ref("id"))
            .Set("location", _plan.Deploy.Region)
            .Block("autoscaling", s => s.Set("min_node_count", minNodes).Set("max_node_count", maxNodes))
            .Block("node_config", n => n
                .Set("machine_type", new TfVariableRef(nodeSize))
                .Set("oauth_scopes", Strings("https://www.googleapis.com/auth/cloud-platform"))));
        var client = _stack.Data(Google, "google_client_config", "current", _ => { });

        var access = new KubernetesAccess(
            new TfInterpolation(["https://", cluster.Ref("endpoint")]),
            new TfCall(TfFunction.Base64Decode, [cluster.Ref(TfPathSegment.Single("master_auth"), "cluster_ca_certificate")]),
            ClientCertificate: null, ClientKey: null, Token: client.Ref("access_token"), Ready: pool);
        return new CloudFoundation(secrets, access, postgresHost, lake, cluster.Ref("name"));
    }

    /// <summary>Each <c>secret("x")</c> is the latest version of the Secret Manager secret of that name in the project.</summary>
    private Dictionary<string, TfValue> GcpSecrets()
    {
        var secrets = new Dictionary<string, TfValue>(StringComparer.Ordinal);
        foreach (var secret in _plan.Secrets)
        {
            var data = _stack.Data(Google, "google_secret_manager_secret_version", secret.LocalName, a => a
                .Set("secret", secret.Name));
            secrets[secret.Name] = data.Ref("secret_data");
        }
        return secrets;
    }

    private TfValue GcpLake()
    {
        var bucketName = _stack.Variable("lake_bucket_name", TfVariableType.String,
            "Globally unique name of the lakehouse bucket.", TfNames.DnsLabel($"{_plan.Prefix}-lake"));
        var bucket = _stack.Resource(Google, "google_storage_bucket", "lake", a => a
            .Set("name", new TfVariableRef(bucketName))
            .Set("location", _plan.Deploy.Region.ToUpperInvariant())
            .Set("uniform_bucket_level_access", true)
            .Set("public_access_prevention", "enforced")
            .Block("versioning", v => v.Set("enabled", true))
            .Set("labels", GcpLabels(_plan)));
        return new TfInterpolation(["gs://", bucket.Ref("name"), "/"]);
    }

    /// <summary>Cloud SQL with a private IP only (private service access peering), REGIONAL when highly available.</summary>
    private TfValue GcpPostgres(PostgresDeployIr postgres, TfBlockInstance network, IReadOnlyDictionary<string, TfValue> secrets)
    {
        var prefix = _plan.Prefix;
        var range = _stack.Resource(Google, "google_compute_global_address", "private_services", a => a
            .Set("name", $"{prefix}-private-services")
            .Set("purpose", "VPC_PEERING")
            .Set("address_type", "INTERNAL")
            .Set("prefix_length", 16L)
            .Set("network", network.Ref("id")));
        var peering = _stack.Resource(Google, "google_service_networking_connection", "private_services", a => a
            .Set("network", network.Ref("id"))
            .Set("service", "servicenetworking.googleapis.com")
            .Set("reserved_peering_ranges", Strings(range.Ref("name"))));
        var instance = _stack.Resource(Google, "google_sql_database_instance", "main", a => a
            .Set("name", $"psql-{prefix}")
            .Set("database_version", "POSTGRES_" + ChartVersions.PostgresMajor)
            .Set("region", _plan.Deploy.Region)
            .Set("deletion_protection", true)
            .Block("settings", s => s
                .Set("tier", postgres.Tier)
                .Set("availability_type", postgres.HighAvailability ? "REGIONAL" : "ZONAL")
                .Block("backup_configuration", b => b
                    .Set("enabled", true)
                    .Set("point_in_time_recovery_enabled", true)
                    .Block("backup_retention_settings", r => r
                        .Set("retained_backups", (long)postgres.BackupRetentionDays)
                        .Set("retention_unit", "COUNT")))
                .Block("ip_configuration", ip => ip
                    .Set("ipv4_enabled", false)
                    .Set("private_network", network.Ref("id")))
                .Set("user_labels", GcpLabels(_plan))));
        instance.DependsOn.Add(peering);
        _stack.Resource(Google, "google_sql_user", "admin", a => a
            .Set("name", new TfVariableRef(PostgresAdminLogin()))
            .Set("instance", instance.Ref("name"))
            .Set("password", PostgresAdminPassword(secrets)));
        foreach (var connection in _plan.ProvisionedPostgres)
            _stack.Resource(Google, "google_sql_database", TfNames.Identifier(connection.Name), a => a
                .Set("name", DatabaseName(connection))
                .Set("instance", instance.Ref("name")));
        return instance.Ref("private_ip_address");
    }
}
