using System.Collections.Immutable;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Properties;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>
/// One checked property. <see cref="Value"/> holds the value in the form its kind implies: string,
/// long, bool, <see cref="TimeSpan"/>, the enum word, a <see cref="NameSyntax"/> (column, relation,
/// connection), an array of names, an array of name arrays, an array of strings, an IR
/// <see cref="SettingValue"/>, or nested <see cref="BoundProperties"/>; null when it was invalid (and reported).
/// </summary>
internal sealed record BoundProperty(PropertyDefinition Definition, PropertySyntax Syntax, object? Value);

/// <summary>The checked properties of one block, read by name with typed accessors.</summary>
internal sealed class BoundProperties(BlockDefinition block, SyntaxTree tree, ImmutableDictionary<string, BoundProperty> values)
{
    public static BoundProperties Empty(BlockDefinition block, SyntaxTree tree) => new(block, tree, ImmutableDictionary<string, BoundProperty>.Empty);

    public BlockDefinition Block { get; } = block;
    public SyntaxTree Tree { get; } = tree;
    public ImmutableDictionary<string, BoundProperty> Values { get; } = values;

    public bool Has(string name) => Values.ContainsKey(name);
    public PropertySyntax? SyntaxOf(string name) => Values.TryGetValue(name, out var property) ? property.Syntax : null;
    public ExpressionSyntax? ValueSyntaxOf(string name) => SyntaxOf(name)?.Value;

    private T? Get<T>(string name) where T : class => Values.TryGetValue(name, out var property) ? property.Value as T : null;

    private T? GetStruct<T>(string name) where T : struct => Values.TryGetValue(name, out var property) && property.Value is T value ? value : null;

    public string? String(string name) => Get<string>(name);
    public long? Integer(string name) => GetStruct<long>(name);
    public int? Int(string name) => Integer(name) is { } value ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : null;
    public bool? Bool(string name) => GetStruct<bool>(name);
    public TimeSpan? Duration(string name) => GetStruct<TimeSpan>(name);
    public NameSyntax? Name(string name) => Get<NameSyntax>(name);
    public ImmutableArray<NameSyntax>? Names(string name) => GetStruct<ImmutableArray<NameSyntax>>(name);
    public ImmutableArray<ImmutableArray<NameSyntax>>? NameLists(string name) => GetStruct<ImmutableArray<ImmutableArray<NameSyntax>>>(name);
    public ImmutableArray<string>? Strings(string name) => GetStruct<ImmutableArray<string>>(name);
    public SettingValue? Setting(string name) => Get<SettingValue>(name);
    public BoundProperties? Block_(string name) => Get<BoundProperties>(name);
}
