using System.Collections.Immutable;

namespace Pulse.Targets.Infra.Model;

/// <summary>Collects a stack's parts in order and refuses duplicate names, so both emitters get a valid model.</summary>
public sealed class TfStackBuilder(string stackName, string description)
{
    private readonly List<TfProviderRequirement> _providers = [];
    private readonly List<TfVariable> _variables = [];
    private readonly List<TfBlockInstance> _blocks = [];
    private readonly List<TfOutput> _outputs = [];

    public TfVariable Variable(string name, TfVariableType type, string description, TfValue? @default = null)
    {
        var existing = _variables.FirstOrDefault(v => v.Name == name);
        if (existing is not null) return existing;
        var variable = new TfVariable(name, type, description, @default, Sensitive: false);
        _variables.Add(variable);
        return variable;
    }

    /// <summary>A secret input: sensitive, never with a default, so no value can end up in an artifact.</summary>
    public TfVariable SensitiveVariable(string name, string description)
    {
        var existing = _variables.FirstOrDefault(v => v.Name == name);
        if (existing is not null) return existing;
        var variable = new TfVariable(name, TfVariableType.String, description, Default: null, Sensitive: true);
        _variables.Add(variable);
        return variable;
    }

    public TfBlockInstance Provider(TfProviderRequirement requirement, Action<TfAttributes> configure)
    {
        _providers.Add(requirement);
        var block = new TfBlockInstance(TfBlockKind.Provider, requirement.Name, requirement.Name, requirement.Name);
        configure(block.Attributes);
        _blocks.Add(block);
        return block;
    }

    public TfBlockInstance Resource(string provider, string type, string name, Action<TfAttributes> configure) =>
        Add(TfBlockKind.Resource, provider, type, name, configure);

    public TfBlockInstance Data(string provider, string type, string name, Action<TfAttributes> configure) =>
        Add(TfBlockKind.Data, provider, type, name, configure);

    public void Output(string name, string description, TfValue value, bool sensitive = false)
    {
        if (_outputs.Any(o => o.Name == name)) throw new InvalidOperationException($"output '{name}' declared twice");
        _outputs.Add(new TfOutput(name, description, value, sensitive));
    }

    public TfStack Build() => new(stackName, description, [.. _providers], [.. _variables], [.. _blocks], [.. _outputs]);

    private TfBlockInstance Add(TfBlockKind kind, string provider, string type, string name, Action<TfAttributes> configure)
    {
        if (_blocks.Any(b => b.Kind == kind && b.Type == type && b.Name == name))
            throw new InvalidOperationException($"{type}.{name} declared twice");
        var block = new TfBlockInstance(kind, provider, type, name);
        configure(block.Attributes);
        _blocks.Add(block);
        return block;
    }
}
