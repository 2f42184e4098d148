using Pulse.Compiler.Ir;

namespace Pulse.Targets.Common.Expectations;

/// <summary>
/// A source expectation seen from a sink. When <see cref="Predicate"/> is set, every row the sink
/// receives satisfies it (up to nulls, which a database CHECK lets pass), and the predicate refers to
/// the sink's own column names; otherwise <see cref="SkipReason"/> says why it cannot be enforced there.
/// </summary>
public sealed record SinkExpectation(string Source, ExpectationIr Expectation, Expr? Predicate, string? SkipReason)
{
    public bool Enforceable => Predicate is not null;
}
