using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Superpower;

namespace Pulse.Language.Parsing;

/// <summary>View <c>step</c>s, <c>window_kind</c>, <c>assignment</c>, <c>select_item</c>, <c>group_key</c> and <c>order_item</c>.</summary>
internal static class ViewGrammar
{
    private static readonly string[] StepWords =
        ["from", "join", "left", "inner", "where", "derive", "select", "group", "window", "order", "limit", "union", "incremental", "late", "retain", "batch", "speed", "key", "time"];

    public static readonly BlockSpec ViewBlockSpec = new(
        "a view step (from, join, where, derive, select, group by, window, order by, limit, union, incremental, late, retain, batch, speed, key or time)",
        StepWords,
        (session, index) => session.KindAt(index) == TokenKind.Identifier && StepWords.Contains(session.TokenAt(index).Text));

    public static readonly BlockSpec AggregateBlockSpec = new(
        "an aggregate (`name = expression`)", [],
        (session, index) => session.IsNameAt(index) && session.KindAt(index + 1) == TokenKind.Equals);

    private static readonly TokenListParser<TokenKind, SyntaxList<NameSyntax>> Columns = P.CommaList(P.ExpectName);

    /// <summary><c>"as" name</c>.</summary>
    public static readonly TokenListParser<TokenKind, AliasSyntax> Alias =
        from asKeyword in P.Word("as")
        from name in P.ExpectName
        select new AliasSyntax(asKeyword, name);

    /// <summary><c>"from" name [ "as" name ]</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> From =
        from keyword in P.Word("from")
        from relation in P.ExpectName
        from alias in Alias.Optional()
        select (ViewStepSyntax)new FromStepSyntax(keyword, relation, alias);

    /// <summary><c>"on" expr</c>.</summary>
    public static readonly TokenListParser<TokenKind, JoinConditionSyntax> JoinOn =
        from onKeyword in P.Word("on")
        from condition in ExpressionGrammar.ExpectExpr
        select (JoinConditionSyntax)new JoinOnSyntax(onKeyword, condition);

    /// <summary><c>"using" "(" name { "," name } ")"</c>.</summary>
    public static readonly TokenListParser<TokenKind, JoinConditionSyntax> JoinUsing =
        from usingKeyword in P.Word("using")
        from open in P.Expect(TokenKind.OpenParen)
        from tail in P.DelimitedTail(P.ExpectName, TokenKind.CloseParen, allowEmpty: false)
        select (JoinConditionSyntax)new JoinUsingSyntax(usingKeyword, open, tail.Items, tail.Close);

    /// <summary>Neither <c>on</c> nor <c>using</c>: a reported <see cref="JoinOnSyntax"/> of missing parts.</summary>
    private static readonly TokenListParser<TokenKind, JoinConditionSyntax> MissingJoinCondition = input =>
    {
        var session = ParseSession.Current;
        var index = input.Position;
        session.Report(index, session.At(session.MissingSpan(index)).ExpectedToken("`on` or `using`", session.Describe(index)));
        var position = session.TokenAt(index).FullSpan.Start;
        var condition = new MissingExpressionSyntax(SyntaxToken.Missing(TokenKind.Identifier, position));
        return P.Ok<JoinConditionSyntax>(new JoinOnSyntax(SyntaxToken.Missing(TokenKind.Identifier, position), condition), input, input);
    };

    private static readonly TokenListParser<TokenKind, JoinConditionSyntax> JoinCondition = JoinOn.Or(JoinUsing).Or(MissingJoinCondition);

    /// <summary><c>[ "left" | "inner" ] "join" name [ "as" name ] ( "on" expr | "using" "(" … ")" )</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Join =
        from kind in P.Word("left").Or(P.Word("inner")).Optional()
        from joinKeyword in kind is null ? P.Word("join") : P.ExpectWord("join")
        from relation in P.ExpectName
        from alias in Alias.Optional()
        from condition in JoinCondition
        select (ViewStepSyntax)new JoinStepSyntax(kind, joinKeyword, relation, alias, condition);

    /// <summary><c>"where" expr</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Where =
        from keyword in P.Word("where")
        from condition in ExpressionGrammar.ExpectExpr
        select (ViewStepSyntax)new WhereStepSyntax(keyword, condition);

    /// <summary><c>assignment = name "=" expr</c> where one is required (never fails).</summary>
    public static readonly TokenListParser<TokenKind, AssignmentSyntax> ExpectAssignment =
        from name in P.ExpectName
        from equalsToken in P.Expect(TokenKind.Equals)
        from value in ExpressionGrammar.ExpectExpr
        select new AssignmentSyntax(name, equalsToken, value);

    /// <summary><c>assignment</c> as a block member: only when a name and <c>=</c> start it.</summary>
    public static readonly TokenListParser<TokenKind, AssignmentSyntax> Aggregate =
        from name in P.NameBefore(TokenKind.Equals)
        from equalsToken in P.Token(TokenKind.Equals)
        from value in ExpressionGrammar.ExpectExpr
        select new AssignmentSyntax(name, equalsToken, value);

    /// <summary><c>"derive" assignment { "," assignment }</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Derive =
        from keyword in P.Word("derive")
        from assignments in P.CommaList(ExpectAssignment)
        select (ViewStepSyntax)new DeriveStepSyntax(keyword, assignments);

    /// <summary><c>select_item = name "=" expr | expr</c>. Never fails.</summary>
    public static readonly TokenListParser<TokenKind, SelectItemSyntax> SelectItem =
        (from alias in P.NameBefore(TokenKind.Equals)
         from equalsToken in P.Token(TokenKind.Equals)
         from value in ExpressionGrammar.ExpectExpr
         select new SelectItemSyntax(alias, equalsToken, value))
        .Or(ExpressionGrammar.ExpectExpr.Select(value => new SelectItemSyntax(null, null, value)));

    /// <summary><c>"select" select_item { "," select_item }</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Select =
        from keyword in P.Word("select")
        from items in P.CommaList(SelectItem)
        select (ViewStepSyntax)new SelectStepSyntax(keyword, items);

    /// <summary><c>group_key = name "=" expr | expr</c>. Never fails.</summary>
    public static readonly TokenListParser<TokenKind, GroupKeySyntax> GroupKey =
        (from alias in P.NameBefore(TokenKind.Equals)
         from equalsToken in P.Token(TokenKind.Equals)
         from value in ExpressionGrammar.ExpectExpr
         select new GroupKeySyntax(alias, equalsToken, value))
        .Or(ExpressionGrammar.ExpectExpr.Select(value => new GroupKeySyntax(null, null, value)));

    /// <summary><c>"group" "by" group_key { "," group_key } "{" { assignment } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> GroupBy =
        from keyword in P.Word("group")
        from byKeyword in P.ExpectWord("by")
        from keys in P.CommaList(GroupKey)
        from body in BlockParser.Block(AggregateBlockSpec, "group by block", Aggregate)
        select (ViewStepSyntax)new GroupByStepSyntax(keyword, byKeyword, keys, body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary>
    /// <c>window_kind = "tumbling" DURATION | "hopping" DURATION "every" DURATION | "session" DURATION</c>. Never fails.
    /// Hand-written so an unknown kind (<c>sliding 5m</c>) is reported once and its duration still parsed.
    /// </summary>
    public static readonly TokenListParser<TokenKind, WindowKindSyntax> WindowKind = input =>
    {
        var session = ParseSession.Current;
        var index = input.Position;
        var token = session.TokenAt(index);
        SyntaxToken keyword;
        var rest = input;
        if (token.Kind == TokenKind.Identifier && token.Text != "on")
        {
            if (token.Text is not ("tumbling" or "hopping" or "session"))
            {
                session.Report(index, session.At(token.Span).UnknownWindowKind(session.Describe(index)));
            }
            keyword = token;
            rest = P.Advance(rest);
        }
        else
        {
            session.Report(index, session.At(session.MissingSpan(index)).ExpectedToken("a window kind (tumbling, hopping or session)", session.Describe(index)));
            keyword = SyntaxToken.Missing(TokenKind.Identifier, token.FullSpan.Start);
        }
        var size = P.Expect(TokenKind.Duration, P.DurationHint)(rest);
        rest = size.Remainder;
        SyntaxToken? every = null, slide = null;
        if (keyword.Text == "hopping")
        {
            var everyResult = P.ExpectWord("every")(rest);
            var slideResult = P.Expect(TokenKind.Duration, P.DurationHint)(everyResult.Remainder);
            every = everyResult.Value;
            slide = slideResult.Value;
            rest = slideResult.Remainder;
        }
        return P.Ok(new WindowKindSyntax(keyword, size.Value, every, slide), input, rest);
    };

    /// <summary><c>"window" window_kind "on" name</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Window =
        from keyword in P.Word("window")
        from kind in WindowKind
        from onKeyword in P.ExpectWord("on")
        from column in P.ExpectName
        select (ViewStepSyntax)new WindowStepSyntax(keyword, kind, onKeyword, column);

    /// <summary><c>order_item = expr [ "asc" | "desc" ]</c>. Never fails.</summary>
    public static readonly TokenListParser<TokenKind, OrderItemSyntax> OrderItem =
        from value in ExpressionGrammar.ExpectExpr
        from direction in P.Word("asc").Or(P.Word("desc")).Optional()
        select new OrderItemSyntax(value, direction);

    /// <summary><c>"order" "by" order_item { "," order_item }</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> OrderBy =
        from keyword in P.Word("order")
        from byKeyword in P.ExpectWord("by")
        from items in P.CommaList(OrderItem)
        select (ViewStepSyntax)new OrderByStepSyntax(keyword, byKeyword, items);

    /// <summary><c>"limit" INTEGER</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Limit =
        from keyword in P.Word("limit")
        from count in P.Expect(TokenKind.Integer)
        select (ViewStepSyntax)new LimitStepSyntax(keyword, count);

    /// <summary><c>"union" name</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Union =
        from keyword in P.Word("union")
        from relation in P.ExpectName
        select (ViewStepSyntax)new UnionStepSyntax(keyword, relation);

    /// <summary><c>"incremental" "on" name</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Incremental =
        from keyword in P.Word("incremental")
        from onKeyword in P.ExpectWord("on")
        from column in P.ExpectName
        select (ViewStepSyntax)new IncrementalStepSyntax(keyword, onKeyword, column);

    /// <summary><c>"late" ( "drop" | "quarantine" | "batch" )</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Late =
        from keyword in P.Word("late")
        from policy in P.ExpectOneOf(SyntaxFacts.LatePolicies, "`drop`, `quarantine` or `batch`", (at, found) => at.UnknownLatePolicy(found))
        select (ViewStepSyntax)new LateStepSyntax(keyword, policy);

    /// <summary><c>"retain" DURATION</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Retain =
        from keyword in P.Word("retain")
        from duration in P.Expect(TokenKind.Duration, P.DurationHint)
        select (ViewStepSyntax)new RetainStepSyntax(keyword, duration);

    /// <summary>Serving: <c>"batch" name</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Batch =
        from keyword in P.Word("batch")
        from view in P.ExpectName
        select (ViewStepSyntax)new BatchStepSyntax(keyword, view);

    /// <summary>Serving: <c>"speed" name</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Speed =
        from keyword in P.Word("speed")
        from view in P.ExpectName
        select (ViewStepSyntax)new SpeedStepSyntax(keyword, view);

    /// <summary>Serving: <c>"key" name { "," name }</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Key =
        from keyword in P.Word("key")
        from columns in Columns
        select (ViewStepSyntax)new KeyStepSyntax(keyword, columns);

    /// <summary>Serving: <c>"time" name</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Time =
        from keyword in P.Word("time")
        from column in P.ExpectName
        select (ViewStepSyntax)new TimeStepSyntax(keyword, column);

    /// <summary><c>step</c>.</summary>
    public static readonly TokenListParser<TokenKind, ViewStepSyntax> Step =
        From.Or(Join).Or(Where).Or(Derive).Or(Select).Or(GroupBy).Or(Window).Or(OrderBy).Or(Limit).Or(Union)
            .Or(Incremental).Or(Late).Or(Retain).Or(Batch).Or(Speed).Or(Key).Or(Time);
}
