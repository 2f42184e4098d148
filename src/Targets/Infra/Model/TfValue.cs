using System.Collections.Immutable;

namespace Pulse.Targets.Infra.Model;

/// <summary>
/// A value in the infrastructure model. Both emitters (Terraform JSON and the CDKTF C# stack) read
/// the same tree, so the two paths cannot drift apart. Literals are plain text here: each emitter
/// escapes them for its own language (Terraform template syntax, C# string literals).
/// </summary>
public abstract record TfValue
{
    public static implicit operator TfValue(string value) => new TfString(value);
    public static implicit operator TfValue(long value) => new TfNumber(value);
    public static implicit operator TfValue(bool value) => new TfBool(value);
}

public sealed record TfString(string Value) : TfValue;

public sealed record TfNumber(long Value) : TfValue;

public sealed record TfBool(bool Value) : TfValue;

/// <summary>The value of an input variable (<c>var.name</c>).</summary>
public sealed record TfVariableRef(TfVariable Variable) : TfValue;

/// <summary>
/// An attribute of a resource, data source, read through a path: names and list indexes, e.g.
/// <c>kube_config[0].host</c> is ("kube_config", 0, "host").
/// </summary>
public sealed record TfAttributeRef(TfBlockInstance Target, ImmutableArray<TfPathSegment> Path) : TfValue;

/// <summary>
/// A step of an attribute path: a name, a list index, or a block with at most one item, which
/// Terraform reads as <c>name[0]</c> but CDKTF exposes as a plain property.
/// </summary>
public sealed record TfPathSegment(string? Name, int? Index, bool SingleBlock = false)
{
    public static implicit operator TfPathSegment(string name) => new(name, null);
    public static implicit operator TfPathSegment(int index) => new(null, index);
    public static TfPathSegment Single(string name) => new(name, null, SingleBlock: true);
}

/// <summary>A call of a Terraform built-in function (CDKTF: <c>Fn.Xxx</c>).</summary>
public sealed record TfCall(TfFunction Function, ImmutableArray<TfValue> Arguments) : TfValue;

public enum TfFunction { Base64Decode }

/// <summary>A string made of literal text and values: Terraform <c>"a${x}b"</c>, C# <c>"a" + x + "b"</c>.</summary>
public sealed record TfInterpolation(ImmutableArray<TfValue> Parts) : TfValue;

/// <summary>A list attribute. <see cref="Element"/> says what the C# array holds.</summary>
public sealed record TfList(ImmutableArray<TfValue> Items, TfListElement Element) : TfValue;

public enum TfListElement { String, Number, Object }

/// <summary>
/// A map attribute. A string map (<c>tags</c>, <c>data</c>) is <c>IDictionary&lt;string,string&gt;</c> in
/// CDKTF; a dynamic object (<c>kubernetes_manifest.manifest</c>) is <c>IDictionary&lt;string,object&gt;</c>.
/// </summary>
public sealed record TfMap(ImmutableArray<KeyValuePair<string, TfValue>> Entries, TfMapKind Kind) : TfValue;

public enum TfMapKind { StringMap, Dynamic }

/// <summary>
/// A nested block. CDKTF makes a block with at most one item a single object and any other block an
/// array, each of a generated class named after the resource class and the block path.
/// </summary>
public sealed record TfBlock(TfAttributes Attributes) : TfValue;

public sealed record TfBlockList(string BlockName, ImmutableArray<TfBlock> Items) : TfValue;

/// <summary>Ordered attributes (output order = insertion order, so artifacts are deterministic).</summary>
public sealed class TfAttributes
{
    private readonly List<KeyValuePair<string, TfValue>> _entries = [];

    public IReadOnlyList<KeyValuePair<string, TfValue>> Entries => _entries;

    public TfAttributes Set(string name, TfValue? value)
    {
        if (value is null) return this;
        if (_entries.Any(e => e.Key == name)) throw new InvalidOperationException($"attribute '{name}' set twice");
        _entries.Add(new(name, value));
        return this;
    }

    /// <summary>A single nested block (max one item).</summary>
    public TfAttributes Block(string name, Action<TfAttributes> build)
    {
        var inner = new TfAttributes();
        build(inner);
        return Set(name, new TfBlock(inner));
    }

    /// <summary>A repeated nested block, written as an array in both languages.</summary>
    public TfAttributes Blocks(string name, params Action<TfAttributes>[] items)
    {
        var blocks = items.Select(build => { var inner = new TfAttributes(); build(inner); return new TfBlock(inner); });
        return Set(name, new TfBlockList(name, [.. blocks]));
    }
}

/// <summary>Builds a dynamic <see cref="TfMap"/> (Kubernetes manifests) from plain C# dictionaries, lists and scalars.</summary>
public static class TfDynamic
{
    public static TfValue From(object? value) => value switch
    {
        TfValue v => v,
        string s => new TfString(s),
        bool b => new TfBool(b),
        int i => new TfNumber(i),
        long l => new TfNumber(l),
        IEnumerable<KeyValuePair<string, object?>> map =>
            new TfMap([.. map.Select(e => new KeyValuePair<string, TfValue>(e.Key, From(e.Value)))], TfMapKind.Dynamic),
        System.Collections.IEnumerable list =>
            new TfList([.. list.Cast<object?>().Select(From)], TfListElement.Object),
        null => throw new ArgumentNullException(nameof(value), "a manifest value cannot be null"),
        _ => throw new ArgumentException($"no Terraform value for {value.GetType().Name}"),
    };

    /// <summary>An ordered object for <see cref="From"/> (a Dictionary does not promise an order).</summary>
    public static List<KeyValuePair<string, object?>> Obj(params (string Key, object? Value)[] entries) =>
        [.. entries.Select(e => new KeyValuePair<string, object?>(e.Key, e.Value))];

    /// <summary>A string map: tags, labels, config map data.</summary>
    public static TfMap StringMap(IEnumerable<KeyValuePair<string, TfValue>> entries) => new([.. entries], TfMapKind.StringMap);
}
