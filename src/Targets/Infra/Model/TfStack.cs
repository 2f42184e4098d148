using System.Collections.Immutable;

namespace Pulse.Targets.Infra.Model;

public enum TfVariableType { String, Number, Bool }

/// <summary>An input variable. A sensitive one is never given a default: its value comes at apply time.</summary>
public sealed record TfVariable(string Name, TfVariableType Type, string Description, TfValue? Default, bool Sensitive);

public enum TfBlockKind { Provider, Resource, Data }

/// <summary>
/// One provider configuration, resource or data source. <see cref="Provider"/> is the provider's
/// short name (<c>azurerm</c>), <see cref="Type"/> the Terraform type (<c>azurerm_resource_group</c>,
/// or the provider name for a provider block) and <see cref="Name"/> the local name (a Terraform
/// identifier, unique per type).
/// </summary>
public sealed class TfBlockInstance(TfBlockKind kind, string provider, string type, string name)
{
    public TfBlockKind Kind { get; } = kind;
    public string Provider { get; } = provider;
    public string Type { get; } = type;
    public string Name { get; } = name;
    public TfAttributes Attributes { get; } = new();
    public List<TfBlockInstance> DependsOn { get; } = [];

    /// <summary>The Terraform address: <c>type.name</c>, <c>data.type.name</c>.</summary>
    public string Address => Kind switch
    {
        TfBlockKind.Data => $"data.{Type}.{Name}",
        TfBlockKind.Resource => $"{Type}.{Name}",
        _ => Type,
    };

    public TfAttributeRef Ref(params TfPathSegment[] path) => new(this, [.. path]);
}

public sealed record TfOutput(string Name, string Description, TfValue Value, bool Sensitive);

/// <summary>A provider the stack needs: its registry source and version constraint.</summary>
public sealed record TfProviderRequirement(string Name, string Source, string Version);

/// <summary>The whole infrastructure of one deploy environment, in declaration (= dependency) order.</summary>
public sealed record TfStack(
    string StackName,
    string Description,
    ImmutableArray<TfProviderRequirement> Providers,
    ImmutableArray<TfVariable> Variables,
    ImmutableArray<TfBlockInstance> Blocks,
    ImmutableArray<TfOutput> Outputs);
