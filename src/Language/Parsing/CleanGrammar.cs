using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Superpower;

namespace Pulse.Language.Parsing;

/// <summary><c>clean</c>, <c>clean_step</c>, <c>expectation</c>, <c>rule</c> and <c>threshold</c>.</summary>
internal static class CleanGrammar
{
    private static readonly string[] StepWords = ["rename", "cast", "trim", "lower", "upper", "fill", "derive", "drop", "dedupe", "expect"];

    public static readonly BlockSpec CleanBlockSpec = new(
        "a clean step (rename, cast, trim, lower, upper, fill, derive, drop where, dedupe or expect)", StepWords,
        (session, index) => session.KindAt(index) == TokenKind.Identifier && StepWords.Contains(session.TokenAt(index).Text));

    private static readonly TokenListParser<TokenKind, SyntaxList<NameSyntax>> Columns = P.CommaList(P.ExpectName);

    /// <summary><c>"rename" name "->" name</c>.</summary>
    public static readonly TokenListParser<TokenKind, CleanStepSyntax> Rename =
        from keyword in P.Word("rename")
        from column in P.ExpectName
        from arrow in P.Expect(TokenKind.Arrow)
        from newName in P.ExpectName
        select (CleanStepSyntax)new RenameStepSyntax(keyword, column, arrow, newName);

    /// <summary><c>"cast" name "as" type [ "format" STRING ]</c>.</summary>
    public static readonly TokenListParser<TokenKind, CleanStepSyntax> Cast =
        from keyword in P.Word("cast")
        from column in P.ExpectName
        from asKeyword in P.ExpectWord("as")
        from type in Parse.Ref(() => TypeGrammar.Type)
        from format in ExpressionGrammar.FormatClause.OptionalOrDefault()
        select (CleanStepSyntax)new CastStepSyntax(keyword, column, asKeyword, type, format.Keyword, format.Pattern);

    /// <summary><c>( "trim" | "lower" | "upper" ) name { "," name }</c>.</summary>
    public static readonly TokenListParser<TokenKind, CleanStepSyntax> Text =
        from keyword in P.Word("trim").Or(P.Word("lower")).Or(P.Word("upper"))
        from columns in Columns
        select (CleanStepSyntax)new TextStepSyntax(keyword, columns);

    /// <summary><c>"fill" name { "," name } "with" expr</c>.</summary>
    public static readonly TokenListParser<TokenKind, CleanStepSyntax> Fill =
        from keyword in P.Word("fill")
        from columns in Columns
        from with in P.ExpectWord("with")
        from value in ExpressionGrammar.ExpectExpr
        select (CleanStepSyntax)new FillStepSyntax(keyword, columns, with, value);

    /// <summary><c>"derive" name "=" expr</c>.</summary>
    public static readonly TokenListParser<TokenKind, CleanStepSyntax> Derive =
        from keyword in P.Word("derive")
        from name in P.ExpectName
        from equalsToken in P.Expect(TokenKind.Equals)
        from value in ExpressionGrammar.ExpectExpr
        select (CleanStepSyntax)new CleanDeriveStepSyntax(keyword, name, equalsToken, value);

    /// <summary><c>"drop" "where" expr</c>.</summary>
    public static readonly TokenListParser<TokenKind, CleanStepSyntax> DropWhere =
        from keyword in P.Word("drop")
        from whereKeyword in P.ExpectWord("where")
        from condition in ExpressionGrammar.ExpectExpr
        select (CleanStepSyntax)new DropWhereStepSyntax(keyword, whereKeyword, condition);

    /// <summary><c>"keep" ( "first" | "latest" ) [ "by" name ]</c>.</summary>
    public static readonly TokenListParser<TokenKind, DedupeKeepSyntax> Keep =
        from keyword in P.Word("keep")
        from choice in P.ExpectOneOf(["first", "latest"], "`first` or `latest`", (at, found) => at.UnknownKeepChoice(found))
        from order in (
            from byKeyword in P.Word("by")
            from column in P.ExpectName
            select ((SyntaxToken?)byKeyword, (NameSyntax?)column)).OptionalOrDefault()
        select new DedupeKeepSyntax(keyword, choice, order.Item1, order.Item2);

    /// <summary><c>"dedupe" "by" name { "," name } [ keep ]</c>.</summary>
    public static readonly TokenListParser<TokenKind, CleanStepSyntax> Dedupe =
        from keyword in P.Word("dedupe")
        from byKeyword in P.ExpectWord("by")
        from columns in Columns
        from keep in Keep.Optional()
        select (CleanStepSyntax)new DedupeStepSyntax(keyword, byKeyword, columns, keep);

    /// <summary><c>"unique" "(" name { "," name } ")"</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpectationRuleSyntax> UniqueRule =
        from keyword in P.WordBefore("unique", next => next == TokenKind.OpenParen)
        from open in P.Token(TokenKind.OpenParen)
        from tail in P.DelimitedTail(P.ExpectName, TokenKind.CloseParen, allowEmpty: false)
        select (ExpectationRuleSyntax)new UniqueRuleSyntax(keyword, open, tail.Items, tail.Close);

    /// <summary><c>"row_count" "between" expr "and" expr</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpectationRuleSyntax> RowCountRule =
        from keyword in P.WordBefore("row_count", next => next == TokenKind.BetweenKeyword)
        from between in P.Token(TokenKind.BetweenKeyword)
        from low in ExpressionGrammar.ExpectCoalesce
        from and in P.Expect(TokenKind.AndKeyword)
        from high in ExpressionGrammar.ExpectCoalesce
        select (ExpectationRuleSyntax)new RowCountRuleSyntax(keyword, between, low, and, high);

    /// <summary><c>"freshness" name "within" DURATION</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpectationRuleSyntax> FreshnessRule =
        from keyword in P.WordBefore("freshness", SyntaxFacts.IsName)
        from column in P.Name
        from within in P.ExpectWord("within")
        from maxAge in P.Expect(TokenKind.Duration, P.DurationHint)
        select (ExpectationRuleSyntax)new FreshnessRuleSyntax(keyword, column, within, maxAge);

    /// <summary>The optional <c>"references" name "." name</c> (a field: inline in the query below it would be built per rule parsed).</summary>
    private static readonly TokenListParser<TokenKind, (SyntaxToken? Keyword, NameSyntax Relation, SyntaxToken Dot, NameSyntax Column)> ReferencesTarget = (
        from keyword in P.Word("references")
        from relation in P.ExpectName
        from dot in P.Expect(TokenKind.Dot)
        from column in P.ExpectName
        select (Keyword: (SyntaxToken?)keyword, Relation: relation, Dot: dot, Column: column)).OptionalOrDefault();

    /// <summary><c>expr [ "references" name "." name ]</c>.</summary>
    public static readonly TokenListParser<TokenKind, ExpectationRuleSyntax> ExpressionRule =
        from value in ExpressionGrammar.ExpectExpr
        from target in ReferencesTarget
        select target.Keyword is null
            ? (ExpectationRuleSyntax)new ConditionRuleSyntax(value)
            : new ReferencesRuleSyntax(value, target.Keyword, target.Relation, target.Dot, target.Column);

    /// <summary><c>rule</c>. Never fails (an absent rule is a missing expression).</summary>
    public static readonly TokenListParser<TokenKind, ExpectationRuleSyntax> Rule =
        UniqueRule.Or(RowCountRule).Or(FreshnessRule).Or(ExpressionRule);

    /// <summary><c>"else" ACTION</c>.</summary>
    public static readonly TokenListParser<TokenKind, SyntaxNode> Action =
        from elseKeyword in P.Token(TokenKind.ElseKeyword)
        from action in P.ExpectOneOf(SyntaxFacts.ExpectationActions, "an action (drop, quarantine, fail or warn)", (at, found) => at.UnknownExpectationAction(found))
        select (SyntaxNode)new ExpectationActionSyntax(elseKeyword, action);

    /// <summary><c>threshold = "mostly" PERCENT | "warn" "above" PERCENT | "fail" "above" PERCENT</c>.</summary>
    public static readonly TokenListParser<TokenKind, SyntaxNode> Threshold =
        (from mostly in P.Word("mostly")
         from percent in P.Expect(TokenKind.Percent, P.PercentHint)
         select (SyntaxNode)new ThresholdSyntax(mostly, null, percent))
        .Or(from keyword in P.Word("warn").Or(P.Word("fail"))
            from above in P.ExpectWord("above")
            from percent in P.Expect(TokenKind.Percent, P.PercentHint)
            select (SyntaxNode)new ThresholdSyntax(keyword, above, percent));

    /// <summary>
    /// The action and thresholds after a rule, in any order; a second action is reported (PULSE0119).
    /// Hand-written: <c>warn</c>/<c>fail</c> start a threshold only before <c>above</c>, and the loop tracks the action count.
    /// </summary>
    public static readonly TokenListParser<TokenKind, SyntaxList<SyntaxNode>> Clauses = input =>
    {
        var session = ParseSession.Current;
        var elements = System.Collections.Immutable.ImmutableArray.CreateBuilder<SyntaxElement>();
        var rest = input;
        var hasAction = false;
        while (true)
        {
            var index = rest.Position;
            var isThreshold = session.IsWordAt(index, "mostly")
                || ((session.IsWordAt(index, "warn") || session.IsWordAt(index, "fail")) && session.IsWordAt(index + 1, "above"));
            if (session.KindAt(index) == TokenKind.ElseKeyword)
            {
                if (hasAction) session.Report(index, session.At(session.TokenAt(index).Span).DuplicateExpectationAction());
                hasAction = true;
                var action = Action(rest);
                elements.Add(action.Value);
                rest = action.Remainder;
            }
            else if (isThreshold)
            {
                var threshold = Threshold(rest);
                elements.Add(threshold.Value);
                rest = threshold.Remainder;
            }
            else return P.Ok(new SyntaxList<SyntaxNode>(elements.ToImmutable()), input, rest);
        }
    };

    /// <summary><c>expectation = "expect" name ":" rule [ "else" ACTION ] { threshold }</c>.</summary>
    public static readonly TokenListParser<TokenKind, CleanStepSyntax> Expectation =
        from keyword in P.Word("expect")
        from name in P.ExpectName
        from colon in P.Expect(TokenKind.Colon)
        from rule in Rule
        from clauses in Clauses
        select (CleanStepSyntax)new ExpectationSyntax(keyword, name, colon, rule, clauses);

    /// <summary><c>clean_step</c>.</summary>
    public static readonly TokenListParser<TokenKind, CleanStepSyntax> Step =
        Rename.Or(Cast).Or(Text).Or(Fill).Or(Derive).Or(DropWhere).Or(Dedupe).Or(Expectation);

    /// <summary><c>clean = "clean" "{" { clean_step } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, CleanBlockSyntax> CleanBlock =
        from keyword in P.WordBefore("clean", next => next == TokenKind.OpenBrace)
        from body in BlockParser.Block(CleanBlockSpec, "clean block", Step)
        select new CleanBlockSyntax(keyword, body.OpenBrace, body.Members, body.CloseBrace);
}
