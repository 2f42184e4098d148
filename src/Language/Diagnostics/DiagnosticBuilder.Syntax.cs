// Lexical and syntax diagnostics (owned by the parser). One method per code; the message text is fixed.
//
// PULSE0001  unexpected character `{c}`
// PULSE0002  unterminated string (strings end on the same line)
// PULSE0003  invalid escape `\{c}` in string
// PULSE0004  unterminated block comment
// PULSE0005  unterminated quoted name
// PULSE0006  invalid number `{text}`
// PULSE0007  invalid duration `{text}` (units ms s m h d w, whole numbers)
// PULSE0008  empty quoted name
// PULSE0009  integer `{text}` is too large
// PULSE0100  expected {what}, found {found}
// PULSE0101  unknown declaration `{word}` (did you mean …)
// PULSE0102  `{` of {what} is never closed
// PULSE0103  nesting too deep
// PULSE0104  unexpected {found} in {block}, expected {what} (did you mean …)
// PULSE0105  `}` has no matching `{`
// PULSE0106  expected an expression, found {found}
// PULSE0107  expected a name, found {found}
// PULSE0108  unknown type `{word}` (did you mean …)
// PULSE0109  `decimal` needs a precision and a scale
// PULSE0110  unknown source format `{word}`
// PULSE0111  unknown connection kind `{word}`
// PULSE0112  unknown sink kind `{word}`
// PULSE0113  unknown expectation action `{word}`
// PULSE0114  duplicate `{block}` block in {owner}
// PULSE0115  unknown window kind `{word}`
// PULSE0116  unknown late-event policy `{word}`
// PULSE0117  `keep` needs `first` or `latest`, found {found}
// PULSE0118  comparisons do not chain
// PULSE0119  expectation already has an action
// PULSE0120  (warning) suppression comment lists no valid PULSE codes
// PULSE0121  `{word}` is a reserved word and cannot be a name here (quote it: `…`)
// PULSE0122  too many errors; the rest of the file is not reported (limit per file and stage)
// PULSE0123  internal parser error (a bug: the file is kept as skipped text so nothing downstream crashes)

using Pulse.Language.Text;

namespace Pulse.Language.Diagnostics;

public readonly partial struct DiagnosticBuilder
{
    public Diagnostic UnexpectedCharacter(string character) =>
        Error("PULSE0001", $"unexpected character `{character}`", "remove it; names use letters, digits and `_`, or backticks for anything else");

    public Diagnostic UnterminatedString() =>
        Error("PULSE0002", "unterminated string", "close it with `\"` on the same line; write a line break as `\\n`");

    public Diagnostic InvalidEscape(string escape) =>
        Error("PULSE0003", $"invalid escape `{escape}` in string", "valid escapes: \\\" \\\\ \\n \\t \\r \\uXXXX");

    public Diagnostic UnterminatedBlockComment() =>
        Error("PULSE0004", "unterminated block comment", "close it with `*/`");

    public Diagnostic UnterminatedQuotedName() =>
        Error("PULSE0005", "unterminated quoted name", "close it with a backtick on the same line; write a backtick inside as ``");

    public Diagnostic InvalidNumber(string text) =>
        Error("PULSE0006", $"invalid number `{text}`", "write numbers like 42, 1_000, 3.14 or 2.5e-3; `_` only between digits");

    public Diagnostic InvalidDuration(string text) =>
        Error("PULSE0007", $"invalid duration `{text}`", "a duration is a whole number followed by ms, s, m, h, d or w, e.g. 30s or 2h");

    public Diagnostic EmptyQuotedName() =>
        Error("PULSE0008", "empty quoted name", "write the name between the backticks");

    public Diagnostic IntegerTooLarge(string text) =>
        Error("PULSE0009", $"integer `{text}` is too large", "integers must fit in 64 bits; use a decimal number instead");

    public Diagnostic ExpectedToken(string expected, string found, string? hint = null) =>
        Error("PULSE0100", $"expected {expected}, found {found}", hint);

    public Diagnostic UnknownDeclaration(string found, string? suggestion) =>
        Error("PULSE0101", $"unexpected {found} at top level, expected a declaration",
            suggestion is null
                ? "declarations start with import, pipeline, connection, environment, source, batch/speed/serving view, sink, schedule, deploy or test"
                : $"did you mean `{suggestion}`?");

    public Diagnostic UnclosedBrace(string owner, LinePosition openedAt) =>
        Error("PULSE0102", $"`{{` of {owner} (line {openedAt.Line + 1}, column {openedAt.Character + 1}) is never closed", "add the missing `}`");

    public Diagnostic NestingTooDeep(int limit) =>
        Error("PULSE0103", "nesting too deep", $"at most {limit} levels of parentheses, operators and blocks (fewer on a small thread stack); split the expression or block into smaller parts");

    public Diagnostic UnexpectedInBlock(string found, string block, string expected, string? suggestion) =>
        Error("PULSE0104", $"unexpected {found} in {block}, expected {expected}", suggestion is null ? null : $"did you mean `{suggestion}`?");

    public Diagnostic UnmatchedCloseBrace() =>
        Error("PULSE0105", "`}` has no matching `{`", "remove it, or add the `{` it closes");

    public Diagnostic ExpectedExpression(string found) =>
        Error("PULSE0106", $"expected an expression, found {found}");

    public Diagnostic ExpectedName(string found) =>
        Error("PULSE0107", $"expected a name, found {found}", "names are letters, digits and `_` (not starting with a digit), or any text in backticks");

    public Diagnostic UnknownType(string word, string? suggestion) =>
        Error("PULSE0108", $"unknown type `{word}`",
            suggestion is null ? "types: string int long double bool date timestamp json decimal(p, s) list<T> record { … }" : $"did you mean `{suggestion}`?");

    public Diagnostic DecimalNeedsPrecision() =>
        Error("PULSE0109", "`decimal` needs a precision and a scale", "write decimal(precision, scale), e.g. decimal(12, 2)");

    public Diagnostic UnknownSourceFormat(string word, string? suggestion) =>
        Error("PULSE0110", $"unknown source format `{word}`",
            suggestion is null ? "formats: csv json ndjson parquet http postgres elasticsearch kafka" : $"did you mean `{suggestion}`?");

    public Diagnostic UnknownConnectionKind(string word, string? suggestion) =>
        Error("PULSE0111", $"unknown connection kind `{word}`",
            suggestion is null ? "kinds: postgres elasticsearch kafka http" : $"did you mean `{suggestion}`?");

    public Diagnostic UnknownSinkKind(string word, string? suggestion) =>
        Error("PULSE0112", $"unknown sink kind `{word}`",
            suggestion is null ? "kinds: postgres elasticsearch delta parquet kafka" : $"did you mean `{suggestion}`?");

    public Diagnostic UnknownExpectationAction(string found) =>
        Error("PULSE0113", $"unknown expectation action {found}", "after `else` write drop, quarantine, fail or warn");

    public Diagnostic DuplicateBlock(string block, string owner) =>
        Error("PULSE0114", $"duplicate `{block}` block in {owner}", $"merge the two `{block}` blocks into one");

    public Diagnostic UnknownWindowKind(string found) =>
        Error("PULSE0115", $"unknown window kind {found}", "write tumbling <duration>, hopping <duration> every <duration> or session <duration>");

    public Diagnostic UnknownLatePolicy(string found) =>
        Error("PULSE0116", $"unknown late-event policy {found}", "after `late` write drop, quarantine or batch");

    public Diagnostic UnknownKeepChoice(string found) =>
        Error("PULSE0117", $"`keep` needs `first` or `latest`, found {found}");

    public Diagnostic ChainedComparison() =>
        Error("PULSE0118", "comparisons do not chain", "combine two comparisons with `and`, e.g. a < b and b < c");

    public Diagnostic DuplicateExpectationAction() =>
        Error("PULSE0119", "expectation already has an action", "keep one `else` action per expectation");

    public Diagnostic InvalidSuppression() =>
        Warning("PULSE0120", "suppression comment lists no valid PULSE codes", "write // pulse-disable-next-line PULSE5001, PULSE5002");

    public Diagnostic ReservedWordAsName(string word) =>
        Error("PULSE0121", $"`{word}` is a reserved word and cannot be a name here", $"quote it with backticks: `{word}`");

    public Diagnostic TooManyErrors(int limit) =>
        Error("PULSE0122", $"too many errors: only the first {limit} are reported", "fix the errors above; the rest of the file is still parsed");

    public Diagnostic InternalParserError(string exceptionType) =>
        Error("PULSE0123", $"internal error in the parser ({exceptionType}); the file is kept as text", "please report this file; other files are not affected");
}
