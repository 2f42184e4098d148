using System.Globalization;

namespace Pulse.Bench.Batch;

/// <summary>
/// What a contender produced, to prove every contender did the same work: rows kept and quarantined,
/// rows of the aggregate and its revenue total. Benchmarks of different results would compare nothing.
/// </summary>
public sealed record BatchOutcome(long Kept, long Quarantined, long ViewRows, decimal Revenue)
{
    /// <summary>Null when the outcomes agree; otherwise what differs. Revenue may differ in the last cents for float-based contenders (pandas).</summary>
    public string? Disagreement(BatchOutcome other)
    {
        if (Kept != other.Kept || Quarantined != other.Quarantined || ViewRows != other.ViewRows)
            return $"kept/quarantined/view rows {Kept}/{Quarantined}/{ViewRows} vs {other.Kept}/{other.Quarantined}/{other.ViewRows}";
        var tolerance = Math.Max(0.01m, Math.Abs(Revenue) * 1e-9m);
        return Math.Abs(Revenue - other.Revenue) > tolerance
            ? $"revenue {Revenue.ToString(CultureInfo.InvariantCulture)} vs {other.Revenue.ToString(CultureInfo.InvariantCulture)}"
            : null;
    }

    public override string ToString() =>
        $"kept {Kept:#,0}, quarantined {Quarantined:#,0}, {ViewRows:#,0} aggregate rows, revenue {Revenue.ToString("0.00", CultureInfo.InvariantCulture)}";
}
