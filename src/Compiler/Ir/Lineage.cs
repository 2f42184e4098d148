using System.Collections.Immutable;

namespace Pulse.Compiler.Ir;

public enum LineageNodeKind { Source, View, Sink }

/// <summary>A table-level node of the pipeline DAG.</summary>
public sealed record LineageNode(string Name, LineageNodeKind Kind, string Detail);

/// <summary><see cref="From"/> is read by <see cref="To"/>.</summary>
public sealed record LineageEdge(string From, string To);

public sealed record ColumnKey(string Relation, string Column);

/// <summary>An output column and the source columns its value is computed from.</summary>
public sealed record ColumnLineage(ColumnKey Column, ImmutableArray<ColumnKey> From);

/// <summary>The pipeline DAG in dependency order (every node after the nodes it reads) and its column lineage.</summary>
public sealed record LineageIr(ImmutableArray<LineageNode> Nodes, ImmutableArray<LineageEdge> Edges, ImmutableArray<ColumnLineage> Columns);
