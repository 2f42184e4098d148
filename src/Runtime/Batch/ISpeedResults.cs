using Pulse.Compiler.Ir;

namespace Pulse.Runtime.Batch;

/// <summary>
/// The speed layer's current results, which serving views merge with batch views. Implemented by
/// the speed layer (src/Runtime/Streaming).
/// </summary>
public interface ISpeedResults
{
    /// <summary>
    /// The rows of <paramref name="speedView"/>, each an array in the view's column order
    /// (<see cref="ViewIr.Schema"/>): string, int, long, double, decimal, bool, DateOnly, DateTime (UTC),
    /// or a JSON string for json, list and record columns. Null when the speed layer has none.
    /// </summary>
    IEnumerable<object?[]>? Rows(ViewIr speedView);
}
