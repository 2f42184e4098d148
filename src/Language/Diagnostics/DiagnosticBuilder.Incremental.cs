namespace Pulse.Language.Diagnostics;

/// <summary>Pipeline semantics of <c>incremental on</c> beyond the column's type (PULSE3016).</summary>
public readonly partial struct DiagnosticBuilder
{
    public Diagnostic IncrementalColumnNotCarried(string view, string column, string reason) =>
        Error("PULSE3040", $"view `{view}` cannot be incremental on `{column}`: {reason}",
            "incremental on needs an input column carried unchanged (a group key when the view groups), so that reading only new input gives the full result");
}
