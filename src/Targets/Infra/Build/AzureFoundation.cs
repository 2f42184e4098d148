using Pulse.Compiler.Ir;
using Pulse.Targets.Infra.Model;

namespace Pulse.Targets.Infra.Build;

/// <summary>Azure: resource group, virtual network, Key Vault secrets, PostgreSQL flexible server, ADLS Gen2, AKS, Databricks workspace.</summary>
public sealed partial class InfraStackBuilder
{
    private const string Azurerm = "azurerm";
    private TfBlockInstance? _databricksWorkspace;

    private CloudFoundation BuildAzure()
    {
        var prefix = _plan.Prefix;
        var subscription = _stack.Variable("azure_subscription_id", TfVariableType.String, "Azure subscription to deploy into.");
        _stack.Provider(new TfProviderRequirement(Azurerm, "hashicorp/azurerm", ChartVersions.AzurermProvider), p => p
            .Blocks("features", _ => { })   // a list block in azurerm 4 (CDKTF checks the array type at synth)
            .Set("subscription_id", new TfVariableRef(subscription)));

        var group = _stack.Resource(Azurerm, "azurerm_resource_group", "main", a => a
            .Set("name", $"rg-{prefix}")
            .Set("location", _plan.Deploy.Region)
            .Set("tags", Tags(_plan)));
        TfValue groupName = group.Ref("name");
        TfValue location = group.Ref("location");

        var network = _stack.Resource(Azurerm, "azurerm_virtual_network", "main", a => a
            .Set("name", $"vnet-{prefix}")
            .Set("location", location)
            .Set("resource_group_name", groupName)
            .Set("address_space", Strings("10.20.0.0/16")));
        var kubernetesSubnet = _stack.Resource(Azurerm, "azurerm_subnet", "kubernetes", a => a
            .Set("name", "snet-kubernetes")
            .Set("resource_group_name", groupName)
            .Set("virtual_network_name", network.Ref("name"))
            .Set("address_prefixes", Strings("10.20.0.0/20")));

        var secrets = AzureSecrets();
        var lake = AzureLake(groupName, location);
        var postgresHost = _plan.Deploy.Postgres is { } postgres
            ? AzurePostgres(postgres, groupName, location, network, secrets)
            : null;

        var (minNodes, maxNodes) = NodeCount();
        var nodeSize = NodeSizeVariable("Standard_D4s_v3");
        var cluster = _stack.Resource(Azurerm, "azurerm_kubernetes_cluster", "main", a => a
            .Set("name", $"aks-{prefix}")
            .Set("location", location)
            .Set("resource_group_name", groupName)
            .Set("dns_prefix", prefix)
            .Block("default_node_pool", pool => pool
                .Set("name", "system")
                .Set("vm_size", new TfVariableRef(nodeSize))
                .Set("auto_scaling_enabled", true)
                .Set("min_count", minNodes)
                .Set("max_count", maxNodes)
                .Set("vnet_subnet_id", kubernetesSubnet.Ref("id")))
            .Block("identity", identity => identity.Set("type", "SystemAssigned"))
            .Block("network_profile", net => net
                .Set("network_plugin", "azure")
                .Set("service_cidr", "10.21.0.0/16")
                .Set("dns_service_ip", "10.21.0.10"))
            .Set("tags", Tags(_plan)));

        if (_plan.Deploy.Databricks is not null)
            _databricksWorkspace = _stack.Resource(Azurerm, "azurerm_databricks_workspace", "main", a => a
                .Set("name", $"dbw-{prefix}")
                .Set("resource_group_name", groupName)
                .Set("location", location)
                .Set("sku", "premium")
                .Set("managed_resource_group_name", $"rg-{prefix}-databricks")
                .Set("tags", Tags(_plan)));

        TfValue KubeConfig(string attribute) =>
            new TfCall(TfFunction.Base64Decode, [cluster.Ref("kube_config", 0, attribute)]);
        var access = new KubernetesAccess(cluster.Ref("kube_config", 0, "host"), KubeConfig("cluster_ca_certificate"),
            KubeConfig("client_certificate"), KubeConfig("client_key"), Token: null, Ready: cluster);
        return new CloudFoundation(secrets, access, postgresHost, lake, cluster.Ref("name"));
    }

    /// <summary>Each <c>secret("x")</c> is read from an existing Key Vault: the vault id is a variable, the value never leaves Azure and Terraform state.</summary>
    private Dictionary<string, TfValue> AzureSecrets()
    {
        var secrets = new Dictionary<string, TfValue>(StringComparer.Ordinal);
        if (_plan.Secrets.IsEmpty) return secrets;
        var vault = _stack.Variable("key_vault_id", TfVariableType.String,
            "Resource id of the Key Vault that holds the pipeline's secrets (secret(\"...\") in the spec).");
        foreach (var secret in _plan.Secrets)
        {
            var data = _stack.Data(Azurerm, "azurerm_key_vault_secret", secret.LocalName, a => a
                .Set("name", secret.Name)
                .Set("key_vault_id", new TfVariableRef(vault)));
            secrets[secret.Name] = data.Ref("value");
        }
        return secrets;
    }

    /// <summary>The lakehouse: an ADLS Gen2 account (hierarchical namespace) with one filesystem.</summary>
    private TfValue AzureLake(TfValue groupName, TfValue location)
    {
        var accountName = _stack.Variable("storage_account_name", TfVariableType.String,
            "Globally unique name of the lakehouse storage account (3-24 lowercase letters and digits).",
            TfNames.Alphanumeric("pulse" + _plan.Pipeline.Name + _plan.Deploy.Environment, 24));
        var account = _stack.Resource(Azurerm, "azurerm_storage_account", "lake", a => a
            .Set("name", new TfVariableRef(accountName))
            .Set("resource_group_name", groupName)
            .Set("location", location)
            .Set("account_kind", "StorageV2")
            .Set("account_tier", "Standard")
            .Set("account_replication_type", "ZRS")
            .Set("is_hns_enabled", true)
            .Set("min_tls_version", "TLS1_2")
            .Set("allow_nested_items_to_be_public", false)
            .Set("tags", Tags(_plan)));
        _stack.Resource(Azurerm, "azurerm_storage_data_lake_gen2_filesystem", "lake", a => a
            .Set("name", "lake")
            .Set("storage_account_id", account.Ref("id")));
        return new TfInterpolation(["abfss://lake@", account.Ref("name"), ".dfs.core.windows.net/"]);
    }

    /// <summary>PostgreSQL flexible server reachable only inside the virtual network (delegated subnet + private DNS zone).</summary>
    private TfValue AzurePostgres(PostgresDeployIr postgres, TfValue groupName, TfValue location, TfBlockInstance network,
        IReadOnlyDictionary<string, TfValue> secrets)
    {
        var prefix = _plan.Prefix;
        var subnet = _stack.Resource(Azurerm, "azurerm_subnet", "postgres", a => a
            .Set("name", "snet-postgres")
            .Set("resource_group_name", groupName)
            .Set("virtual_network_name", network.Ref("name"))
            .Set("address_prefixes", Strings("10.20.16.0/24"))
            .Blocks("delegation", d => d
                .Set("name", "postgres-flexible-server")
                .Block("service_delegation", s => s
                    .Set("name", "Microsoft.DBforPostgreSQL/flexibleServers")
                    .Set("actions", Strings("Microsoft.Network/virtualNetworks/subnets/join/action")))));
        var zone = _stack.Resource(Azurerm, "azurerm_private_dns_zone", "postgres", a => a
            .Set("name", $"{prefix}.postgres.database.azure.com")
            .Set("resource_group_name", groupName));
        var link = _stack.Resource(Azurerm, "azurerm_private_dns_zone_virtual_network_link", "postgres", a => a
            .Set("name", $"{prefix}-postgres")
            .Set("private_dns_zone_name", zone.Ref("name"))
            .Set("virtual_network_id", network.Ref("id"))
            .Set("resource_group_name", groupName));
        var login = PostgresAdminLogin();
        var server = _stack.Resource(Azurerm, "azurerm_postgresql_flexible_server", "main", a =>
        {
            a.Set("name", $"psql-{prefix}")
                .Set("resource_group_name", groupName)
                .Set("location", location)
                .Set("version", ChartVersions.PostgresMajor)
                .Set("sku_name", postgres.Tier)
                .Set("storage_mb", 32768L)
                .Set("backup_retention_days", (long)postgres.BackupRetentionDays)
                .Set("delegated_subnet_id", subnet.Ref("id"))
                .Set("private_dns_zone_id", zone.Ref("id"))
                .Set("public_network_access_enabled", false)
                .Set("administrator_login", new TfVariableRef(login))
                .Set("administrator_password", PostgresAdminPassword(secrets))
                .Set("zone", "1");
            if (postgres.HighAvailability)
                a.Block("high_availability", ha => ha.Set("mode", "ZoneRedundant").Set("standby_availability_zone", "2"));
            a.Set("tags", Tags(_plan));
        });
        server.DependsOn.Add(link);
        foreach (var connection in _plan.ProvisionedPostgres)
            _stack.Resource(Azurerm, "azurerm_postgresql_flexible_server_database", TfNames.Identifier(connection.Name), a => a
                .Set("name", DatabaseName(connection))
                .Set("server_id", server.Ref("id"))
                .Set("charset", "UTF8")
                .Set("collation", "en_US.utf8"));
        return server.Ref("fqdn");
    }

    private static TfList Strings(params TfValue[] items) => new([.. items], TfListElement.String);
}
