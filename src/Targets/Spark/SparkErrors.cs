using Pulse.Compiler.Ir;
using Pulse.Targets.Common;

namespace Pulse.Targets.Spark;

/// <summary>
/// Spark target limits (PULSE44xx): a construct the checker accepts but a Spark .NET job cannot
/// express. One method per code with a fixed message, reported at the spec location of the step or
/// view operation that contains it.
/// </summary>
public static class SparkErrors
{
    public static TargetException Unsupported(Origin origin, string what) => new("PULSE4401", origin,
        $"the Spark target cannot express {what}",
        "rewrite the step with the functions and operators docs/language.md lists, or keep this view out of the Spark build");

    public static TargetException ConstantRequired(Origin origin, string what) => new("PULSE4402", origin,
        $"{what} must be a constant in a Spark job",
        "write the value as a literal in the spec");

    public static TargetException WindowOverWindows(Origin origin, string view, string timeColumn, string upstream) => new("PULSE4403", origin,
        $"speed view {view} cannot be a Spark streaming job: it windows on {timeColumn}, but the rows of {upstream} are windows, ordered only by their bounds, so no watermark can close its windows",
        $"window on window_end of {upstream} (or window_start, when its window is tumbling or hopping)");

    public static TargetException NotIncremental(Origin origin, string view, string column, string why) => new("PULSE4404", origin,
        $"batch view {view} cannot be compiled as incremental on {column}: {why}",
        "make the column an input column carried unchanged (a group key when the view groups), or remove incremental on");

    /// <summary>Runs <paramref name="translate"/> and reports what it cannot translate at <paramref name="origin"/>.</summary>
    public static T At<T>(Origin origin, Func<T> translate)
    {
        try
        {
            return translate();
        }
        catch (SparkConstantRequiredException constant)
        {
            throw ConstantRequired(origin, constant.Message);
        }
        catch (NotSupportedException unsupported)
        {
            throw Unsupported(origin, unsupported.Message);
        }
    }
}

/// <summary>Thrown by the expression translator when an argument must be a constant; turned into PULSE4402 with a location.</summary>
public sealed class SparkConstantRequiredException(string what) : NotSupportedException(what);
