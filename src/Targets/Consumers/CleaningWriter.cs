using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Targets.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static Pulse.Targets.Consumers.SyntaxParts;
using S = Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Consumers;

/// <summary>
/// The typed event record of a kafka source and its cleaning steps as C# statements over it, in spec order,
/// with the counts and verdicts of Runtime/Expressions/Cleaning/StreamCleaner.cs. Each column lives in a
/// property; a cast or a derive that changes a column's type gets a new property (the record is typed), a
/// rename only changes which property a name means.
/// </summary>
internal sealed class CleaningWriter
{
    private sealed record Slot(string Property, PulseType Type);

    private readonly SourceIr source;
    private readonly ConstantPool constants;
    private readonly Dictionary<string, Slot> slots = new(StringComparer.Ordinal);
    private readonly List<Slot> properties = [];
    private readonly HashSet<string> used = new(StringComparer.Ordinal);
    private readonly List<StatementSyntax> statements = [];
    private readonly List<(string Field, ExpressionSyntax Value)> counters = [];
    private readonly List<string> memories = [];
    private int locals;

    public CleaningWriter(SourceIr source, ConstantPool constants)
    {
        this.source = source;
        this.constants = constants;
        foreach (var field in source.InputFields) slots[field.Name] = NewSlot(field.Name, field.Type);
        InputSlots = source.InputFields.Select(f => slots[f.Name].Property).ToList();
        foreach (var step in source.Steps)
        {
            Write(step);
            foreach (var column in step.SchemaAfter.Columns)
                if (slots.TryGetValue(column.Name, out var held) && ClrTypeNames.Of(held.Type.AsNullable()) == ClrTypeNames.Of(column.Type.AsNullable()))
                    slots[column.Name] = held with { Type = column.Type };
        }
        statements.Add(Return(S.Dotted("CleanVerdict.Kept")));
    }

    /// <summary>Steps the consumer does not enforce (set rules that need the whole input), for the README.</summary>
    public List<string> Unchecked { get; } = [];

    /// <summary>The property each input field is parsed into, in input-field order.</summary>
    public IReadOnlyList<string> InputSlots { get; }

    public string EventType => CSharpNames.TypeName(source.Name) + "Event";

    private Slot NewSlot(string name, PulseType type)
    {
        var property = CSharpNames.Identifier(name);
        for (var n = 2; !used.Add(property); n++) property = CSharpNames.Identifier(name) + "_" + n.ToString(CultureInfo.InvariantCulture);
        var slot = new Slot(property, type);
        properties.Add(slot);
        return slot;
    }

    private static ExpressionSyntax Event(string property) => S.Member(S.Name("e"), property);

    private ExpressionWriter Expressions() => new(name => slots.TryGetValue(name, out var slot)
        ? (Event(slot.Property), slot.Type)
        : throw new TargetUnsupportedException($"no column '{name}' in source {source.Name}"), constants);

    private string Local(string prefix) => prefix + (locals++).ToString(CultureInfo.InvariantCulture);

    private string Counter(string rule, string kind, double? warnAbove = null, double? failAbove = null, bool failsOnFirst = false)
    {
        var field = "rule" + counters.Count.ToString(CultureInfo.InvariantCulture);
        counters.Add((field, S.New("RuleCounter", S.String(rule), S.String(kind),
            warnAbove is { } w ? ExpressionWriter.Cast("double?", S.Double(w)) : S.Null(),
            failAbove is { } f ? ExpressionWriter.Cast("double?", S.Double(f)) : S.Null(), S.Bool(failsOnFirst))));
        return field;
    }

    private string Memory()
    {
        var field = "memory" + memories.Count.ToString(CultureInfo.InvariantCulture);
        memories.Add(field);
        return field;
    }

    private void Add(StatementSyntax statement, string comment) => statements.Add(Commented(statement, comment));

    private void Write(CleanStep step)
    {
        var comment = $"{step.GetType().Name.Replace("Step", "", StringComparison.Ordinal)} ({step.Origin.File}:{step.Origin.Line})";
        switch (step)
        {
            case RenameStep rename:
                slots[rename.To] = slots[rename.From];
                slots.Remove(rename.From);
                break;
            case TextTransformStep text:
                Assign(text.Columns.Select(c => (c, (ExpressionSyntax)S.Call("Functions", text.Transform.ToString(), Event(slots[c].Property)))).ToList(), comment);
                break;
            case FillStep fill:
            {
                var writer = Expressions();
                Assign(fill.Columns.Select(c => (c, (ExpressionSyntax)ParenthesizedExpression(BinaryExpression(SyntaxKind.CoalesceExpression,
                    Event(slots[c].Property), writer.Value(fill.Value, step.SchemaAfter[c].Type))))).ToList(), comment);
                break;
            }
            case DeriveStep derive:
            {
                var type = step.SchemaAfter[derive.Column].Type;
                var value = Expressions().Value(derive.Value, type);
                var target = slots.TryGetValue(derive.Column, out var existing) && ClrTypeNames.Of(existing.Type.AsNullable()) == ClrTypeNames.Of(type.AsNullable())
                    ? existing with { Type = type } : NewSlot(derive.Column, type);
                slots[derive.Column] = target;
                Add(AssignTo(Event(target.Property), value), comment);
                break;
            }
            case CastStep cast:
                Cast(cast, comment);
                break;
            case DropWhereStep drop:
            {
                var rule = Counter("drop where", "drop");
                var counter = S.Name(rule);
                Add(Increment(counter, "Checked"), comment);
                statements.Add(If(Expressions().Predicate(drop.Predicate), Increment(counter, "Violations"), Increment(counter, "Dropped"),
                    Return(Verdict("Drop", S.String("drop where"), S.Null()))));
                break;
            }
            case DedupeStep dedupe:
            {
                if (dedupe.Keep == DedupeKeep.Latest)
                    Unchecked.Add($"dedupe by {string.Join(", ", dedupe.Keys)} keep latest: a stream cannot take back a row it passed on, so the consumer keeps the first of each key (as pulse run's speed layer does)");
                var name = "dedupe by " + string.Join(", ", dedupe.Keys);
                var rule = Counter(name, "dedupe");
                var counter = S.Name(rule);
                Add(Increment(counter, "Checked"), comment);
                statements.Add(If(Not(S.Call(S.Name(Memory()), "Remember", Key(dedupe.Keys), S.Name("eventMicros"))),
                    Increment(counter, "Violations"), Increment(counter, "Dropped"), Return(Verdict("Drop", S.String(name), S.Null()))));
                break;
            }
            case ExpectStep expect:
                Expectation(expect.Expectation, comment);
                break;
            default:
                throw new TargetUnsupportedException($"clean step {step.GetType().Name}");
        }
    }

    private ExpressionSyntax Key(IEnumerable<string> columns) =>
        S.New("RowKey", ObjectArray(columns.Select(c => Event(slots[c].Property))));

    /// <summary>Evaluates every value before writing any, so <c>trim a, b</c> style steps see the row as it was.</summary>
    private void Assign(List<(string Column, ExpressionSyntax Value)> assignments, string comment)
    {
        var names = assignments.Select(_ => Local("value")).ToList();
        var body = new List<StatementSyntax>();
        for (var i = 0; i < assignments.Count; i++) body.Add(S.Var(names[i], assignments[i].Value));
        for (var i = 0; i < assignments.Count; i++) body.Add(AssignTo(Event(slots[assignments[i].Column].Property), S.Name(names[i])));
        Add(Block(body), comment);
    }

    private void Cast(CastStep cast, string comment)
    {
        var held = slots[cast.Column];
        var target = ClrTypeNames.Of(held.Type.AsNullable()) == ClrTypeNames.Of(cast.To.AsNullable()) ? held with { Type = cast.To } : NewSlot(cast.Column, cast.To);
        var rule = Counter("cast " + cast.Column, "cast");
        var counter = S.Name(rule);
        var value = Event(held.Property);
        var usesPattern = cast.Format is not null && held.Type.Kind == TypeKind.String && cast.To.IsTemporal;
        ExpressionSyntax converted = usesPattern
            ? S.Call("ValueCasts", "TryCast", value, ClrTypeNames.TypeValue(cast.From), ClrTypeNames.TypeValue(cast.To), constants.Pattern(cast.Format!))
            : ClrTypeNames.IsText(held.Type)
                ? S.Call("ValueCasts", "FromText", value, ClrTypeNames.TypeValue(cast.To))
                : S.Call("ValueCasts", "TryCast", value, ClrTypeNames.TypeValue(cast.From), ClrTypeNames.TypeValue(cast.To), S.Null());
        var expectation = cast.Format is null ? $"a valid {cast.To.AsNonNullable()}" : $"a {cast.To.AsNonNullable()} in the format {cast.Format}";
        var local = Local("converted");
        Add(Increment(counter, "Checked"), comment);
        var whenPresent = new List<StatementSyntax>
        {
            S.Var(local, converted),
            If(BinaryExpression(SyntaxKind.EqualsExpression, S.Name(local), S.Null()),
                Increment(counter, "Violations"), Increment(counter, "Quarantined"),
                Return(Verdict("Quarantine", S.String("_malformed"),
                    S.Call("Reasons", "CastFailed", S.String(cast.Column), value, ClrTypeNames.TypeValue(cast.From), S.String(expectation))))),
            AssignTo(Event(target.Property), ExpressionWriter.Cast(ClrTypeNames.Of(cast.To.AsNullable()), S.Name(local))),
        };
        var present = BinaryExpression(SyntaxKind.NotEqualsExpression, value, S.Null());
        statements.Add(target == held || target.Property == held.Property
            ? IfStatement(present, Block(whenPresent))
            : IfStatement(present, Block(whenPresent), ElseClause(Block(AssignTo(Event(target.Property), S.Null())))));
        slots[cast.Column] = target;
    }

    private void Expectation(ExpectationIr expectation, string comment)
    {
        var action = expectation.Action.ToString().ToLowerInvariant();
        switch (expectation.Rule)
        {
            case RowRule row:
            {
                var rule = Counter(expectation.Name, action, expectation.WarnAbove, expectation.FailAbove,
                    expectation.Action == ViolationAction.Fail && expectation.FailAbove is null);
                var columns = ColumnsOf(row.Predicate).Distinct().ToList();
                var reason = S.Call("Reasons", "Expectation", S.String($"expectation {expectation.Name} failed"),
                    S.Array("string", columns.Select(c => (ExpressionSyntax)S.String(c))), ObjectArray(columns.Select(c => Event(slots[c].Property))));
                Add(Increment(S.Name(rule), "Checked"), comment);
                statements.Add(If(Not(Expressions().Predicate(row.Predicate)), Violated(expectation, rule, reason)));
                break;
            }
            case UniqueRule unique:
            {
                var rule = Counter(expectation.Name, action, expectation.WarnAbove, expectation.FailAbove,
                    expectation.Action == ViolationAction.Fail && expectation.FailAbove is null);
                var key = Local("key");
                Add(Increment(S.Name(rule), "Checked"), comment);
                statements.Add(Block(
                    S.Var(key, Key(unique.Columns)),
                    If(Not(BinaryExpression(SyntaxKind.LogicalOrExpression, S.Member(S.Name(key), "HasNull"),
                            S.Call(S.Name(Memory()), "Remember", S.Name(key), S.Name("eventMicros")))),
                        Violated(expectation, rule, S.Call("Reasons", "Duplicate", S.String(expectation.Name),
                            S.Array("string", unique.Columns.Select(c => (ExpressionSyntax)S.String(c))), S.Name(key))))));
                break;
            }
            default:
                Unchecked.Add($"expectation {expectation.Name} needs the whole input, which a stream never has; the batch layer checks it");
                break;
        }
    }

    /// <summary>What a violation does, per the rule's action (Runtime/Expressions/Cleaning/ExpectOperations.cs).</summary>
    private StatementSyntax[] Violated(ExpectationIr expectation, string rule, ExpressionSyntax reason)
    {
        var counter = S.Name(rule);
        return expectation.Action switch
        {
            ViolationAction.Drop => [Increment(counter, "Violations"), Increment(counter, "Dropped"), Return(Verdict("Drop", S.String(expectation.Name), reason))],
            ViolationAction.Quarantine => [Increment(counter, "Violations"), Increment(counter, "Quarantined"), Return(Verdict("Quarantine", S.String(expectation.Name), reason))],
            ViolationAction.Fail when expectation.FailAbove is null =>
            [
                Increment(counter, "Violations"), Increment(counter, "Failed"),
                ThrowStatement(S.New("ExpectationFailedException", BinaryExpression(SyntaxKind.AddExpression,
                    S.String($"source {source.Name}: expectation {expectation.Name} failed on a stream event: "), reason))),
            ],
            _ => [Increment(counter, "Violations"), Increment(counter, "Failed")],
        };
    }

    private static IEnumerable<string> ColumnsOf(Expr expr) => expr switch
    {
        ColumnRef column => [column.Name],
        UnaryExpr u => ColumnsOf(u.Operand),
        BinaryExpr b => ColumnsOf(b.Left).Concat(ColumnsOf(b.Right)),
        IsNullExpr n => ColumnsOf(n.Operand),
        InExpr i => ColumnsOf(i.Operand).Concat(i.Values.SelectMany(ColumnsOf)),
        BetweenExpr b => ColumnsOf(b.Operand).Concat(ColumnsOf(b.Low)).Concat(ColumnsOf(b.High)),
        CallExpr c => c.Arguments.SelectMany(ColumnsOf),
        CaseExpr c => c.Whens.SelectMany(w => ColumnsOf(w.Condition).Concat(ColumnsOf(w.Result))).Concat(c.Else is null ? [] : ColumnsOf(c.Else)),
        CastExpr c => ColumnsOf(c.Operand),
        _ => [],
    };

    // ---- members --------------------------------------------------------------------------------

    public ClassDeclarationSyntax EventClass() =>
        Commented(ClassDeclaration(EventType).WithModifiers(Modifiers(SyntaxKind.PublicKeyword, SyntaxKind.SealedKeyword))
            .AddMembers([.. properties.Select(p => (MemberDeclarationSyntax)PropertyDeclaration(ClrTypeNames.Syntax(p.Type.AsNullable()), p.Property)
                .WithModifiers(Modifiers(SyntaxKind.PublicKeyword))
                .AddAccessorListAccessors(
                    AccessorDeclaration(SyntaxKind.GetAccessorDeclaration).WithSemicolonToken(Token(SyntaxKind.SemicolonToken)),
                    AccessorDeclaration(SyntaxKind.SetAccessorDeclaration).WithSemicolonToken(Token(SyntaxKind.SemicolonToken))))]),
            $"An event of source {source.Name} (topic {source.Options.Topic ?? source.Name}), typed; cleaning works on it in place.");

    public IEnumerable<MemberDeclarationSyntax> Fields() =>
        counters.Select(c => (MemberDeclarationSyntax)Field("RuleCounter", c.Field, c.Value))
            .Concat(memories.Select(m => (MemberDeclarationSyntax)Field("KeyMemory", m, S.New("KeyMemory"))));

    public ExpressionSyntax RulesList() => S.Array("RuleCounter", counters.Select(c => (ExpressionSyntax)S.Name(c.Field)));
    public ExpressionSyntax MemoriesList() => S.Array("KeyMemory", memories.Select(m => (ExpressionSyntax)S.Name(m)));

    public MethodDeclarationSyntax CleanMethod() =>
        OverrideMethod("CleanVerdict", "Clean", EventType + " e, long eventMicros", statements);

    /// <summary>The cleaned event in the source schema's column order.</summary>
    public ExpressionSyntax RowOf() => ObjectArray(source.Schema.Columns.Select(c => slots.TryGetValue(c.Name, out var slot)
        ? Event(slot.Property)
        : throw new TargetUnsupportedException($"cleaning of source {source.Name} does not produce column {c.Name}")));

    /// <summary>The cleaned column <paramref name="name"/> when it is a timestamp, else null.</summary>
    public ExpressionSyntax? CleanedTimestamp(string? name) =>
        name is not null && slots.TryGetValue(name, out var slot) && slot.Type.Kind == TypeKind.Timestamp ? Event(slot.Property) : null;

    public ExpressionSyntax? InputTimestamp(string? name)
    {
        if (name is null) return null;
        var index = source.InputFields.IndexOf(source.InputFields.FirstOrDefault(f => f.Name == name)!);
        return index >= 0 && source.InputFields[index].Type.Kind == TypeKind.Timestamp ? Event(InputSlots[index]) : null;
    }
}
