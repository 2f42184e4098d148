using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Pulse.Compiler.Ir;

public enum ConnectionKind { Postgres, Elasticsearch, Kafka, Http }

/// <summary>A connection setting: a literal, or a reference resolved only at run/deploy time.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(LiteralSetting), "literal")]
[JsonDerivedType(typeof(EnvSetting), "env")]
[JsonDerivedType(typeof(SecretSetting), "secret")]
public abstract record SettingValue;

public sealed record LiteralSetting(string Value) : SettingValue;

/// <summary><c>env("NAME")</c>: read from the environment variable at run or deploy time.</summary>
public sealed record EnvSetting(string Variable) : SettingValue;

/// <summary><c>secret("name")</c>: read from the environment's secret manager; never written into an artifact.</summary>
public sealed record SecretSetting(string Name) : SettingValue;

/// <summary>
/// A connection as the chosen environment resolves it. <see cref="Embedded"/> is true in the local
/// environment when nothing real is configured: the runtime then uses DuckDB, the in-process Kafka
/// mock cluster or local files instead.
/// </summary>
public sealed record ConnectionIr(string Name, ConnectionKind Kind, ImmutableSortedDictionary<string, SettingValue> Settings,
    bool Embedded, string? Doc, Origin Origin);
