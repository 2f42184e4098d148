using System.Collections.Immutable;

namespace Pulse.Targets.Kibana;

public sealed record KibanaDataView(string Id, string Title, string Name, string? TimeField);

public enum PanelKind { CountOverTime, TopTerms, QuarantineCounts }

/// <summary>A legacy visualization saved object: a count histogram or a terms table.</summary>
public sealed record KibanaPanel(string Id, PanelKind Kind, string Title, string DataViewId, string? Field, string Query);

public sealed record KibanaDashboard(string Id, string Title, string Description, ImmutableArray<KibanaPanel> Panels);

public sealed record KibanaModel(string Pipeline, ImmutableArray<KibanaDataView> DataViews, ImmutableArray<KibanaDashboard> Dashboards)
{
    public bool IsEmpty => Dashboards.IsEmpty;
}
