using System.Globalization;

namespace Pulse.Lsp.Bench;

/// <summary>Samples of one metric, in milliseconds, with nearest-rank percentiles.</summary>
internal sealed class Samples(string name, double target = double.NaN)
{
    private readonly List<double> values = [];

    public string Name { get; } = name;
    public double Target { get; } = target;
    public int Count => values.Count;
    public IReadOnlyList<double> Values => values;

    public void Add(double milliseconds) => values.Add(milliseconds);

    public double Percentile(double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public bool? Met => double.IsNaN(Target) || Count == 0 ? null : Percentile(0.95) < Target;

    public string Line()
    {
        if (values.Count == 0) return $"{Name,-44} n=  0";
        var verdict = Met is { } met ? $"  (target p95 < {Target} ms: {(met ? "met" : "NOT met")})" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name,-44} n={Count,3}  min={values.Min(),7:F1}  p50={Percentile(0.50),7:F1}  p95={Percentile(0.95),7:F1}  max={values.Max(),7:F1} ms{verdict}");
    }
}
