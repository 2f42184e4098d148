// Names and binding diagnostics (PULSE1000-1999), owned by the binder (src/Compiler/Binding).
// One method per code; the message text is fixed, the hint says how to fix it.

namespace Pulse.Language.Diagnostics;

public readonly partial struct DiagnosticBuilder
{
    private static string DidYouMeanOr(string? suggestion, string otherwise) => suggestion is null ? otherwise : $"did you mean `{suggestion}`?";

    public Diagnostic UnknownRelation(string name, string? suggestion) =>
        Error("PULSE1001", $"unknown relation `{name}`", DidYouMeanOr(suggestion, "declare a source or view with this name, or import the file that does"));

    public Diagnostic UnknownColumn(string name, string where, string? suggestion) =>
        Error("PULSE1002", $"`{name}` is not a column of {where}", DidYouMeanOr(suggestion, "check the spelling, or the step that defines the column"));

    public Diagnostic UnknownConnection(string name, string? suggestion) =>
        Error("PULSE1003", $"unknown connection `{name}`", DidYouMeanOr(suggestion, "declare it: connection name: postgres { … }"));

    public Diagnostic UnknownFunction(string name, string? suggestion) =>
        Error("PULSE1004", $"unknown function `{name}`", DidYouMeanOr(suggestion, "see the function list in docs/language.md"));

    public Diagnostic UnknownProperty(string name, string block, string? suggestion) =>
        Error("PULSE1005", $"unknown property `{name}` in {block}", DidYouMeanOr(suggestion, "see the properties of this block in docs/language.md"));

    public Diagnostic DuplicateDeclaration(string kind, string name, string previous) =>
        Error("PULSE1006", $"`{name}` is already declared ({previous}); this {kind} needs another name", "rename one of them");

    public Diagnostic ViewCycle(string path) =>
        Error("PULSE1007", $"views read each other in a cycle: {path}", "break the cycle: a view cannot read (directly or indirectly) itself");

    public Diagnostic AmbiguousColumn(string name, string candidates) =>
        Error("PULSE1008", $"column `{name}` is ambiguous: it could be {candidates}", "qualify it with the alias of the relation it comes from");

    public Diagnostic UnknownEnvironment(string name, string? suggestion) =>
        Error("PULSE1009", $"unknown environment `{name}`", DidYouMeanOr(suggestion, "declare it: environment name { }"));

    public Diagnostic DuplicateProperty(string name) =>
        Error("PULSE1010", $"property `{name}` is set more than once", "keep one of them");

    public Diagnostic MissingProperty(string name, string block) =>
        Error("PULSE1011", $"{block} needs the property `{name}`", $"add {name} = …");

    public Diagnostic DuplicateColumn(string name, string where) =>
        Error("PULSE1012", $"column `{name}` is defined more than once in {where}", "give each column a distinct name");

    public Diagnostic UnknownAlias(string alias, string? suggestion) =>
        Error("PULSE1013", $"`{alias}` is not a relation alias in this view", DidYouMeanOr(suggestion, "name the relation with `from x as alias` or `join x as alias`"));

    public Diagnostic ViewWithoutFrom(string view) =>
        Error("PULSE1014", $"view `{view}` does not start with `from`", "begin the view with from <source or view>");

    public Diagnostic MisplacedFrom() =>
        Error("PULSE1015", "`from` can only be the first step of a view", "combine relations with join or union");

    public Diagnostic DuplicateAlias(string alias) =>
        Error("PULSE1016", $"alias `{alias}` is used twice in this view", "give each relation in the view its own alias");

    public Diagnostic WrongConnectionKind(string name, string actual, string block, string expected) =>
        Error("PULSE1017", $"connection `{name}` is a {actual} connection, but a {block} needs a {expected} connection", $"use a {expected} connection");

    public Diagnostic EnvironmentConnectionWithoutBase(string name, string environment) =>
        Error("PULSE1018", $"environment `{environment}` overrides connection `{name}`, which is not declared at top level", "declare the connection at top level; environments only override connections");

    public Diagnostic EnvironmentConnectionKindChanged(string name, string environment, string baseKind, string kind) =>
        Error("PULSE1019", $"connection `{name}` is {baseKind} at top level but {kind} in environment `{environment}`", "an environment may change a connection's settings, not its kind");

    public Diagnostic NameRequired(string what) =>
        Error("PULSE1020", $"this {what} needs a name", "write name = expression");

    public Diagnostic DuplicatePipeline(string previous) =>
        Error("PULSE1021", $"a pipeline is already declared ({previous})", "a pipeline has one `pipeline` declaration; remove this one");

    public Diagnostic NotARelation(string name, string kind) =>
        Error("PULSE1022", $"`{name}` is a {kind}, not a source or view", "name a source or a view here");

    public Diagnostic ReferenceTargetNotSource(string name, string kind) =>
        Error("PULSE1023", $"`references` must name a column of a source; `{name}` is a {kind}", "check references against the source the view reads");

    public Diagnostic UnknownEnumValue(string value, string property, string values, string? suggestion) =>
        Error("PULSE1024", $"`{value}` is not a valid value for `{property}`: expected {values}", DidYouMeanOr(suggestion, $"write one of {values}"));

    public Diagnostic DuplicateExpectation(string name, string source) =>
        Error("PULSE1025", $"expectation `{name}` is declared more than once in source `{source}`", "expectation names identify quarantined rows; make them unique");

    public Diagnostic DuplicateSchedule(string previous) =>
        Error("PULSE1026", $"a schedule is already declared ({previous})", "a pipeline has one schedule; merge them");

    public Diagnostic SourceWithoutSchema(string source) =>
        Error("PULSE1027", $"source `{source}` declares no fields", "add schema { name: type … } listing the fields to read");

    public Diagnostic DuplicateDeploy(string environment, string previous) =>
        Error("PULSE1028", $"environment `{environment}` already has a deploy block ({previous})", "merge the two deploy blocks into one");
}
