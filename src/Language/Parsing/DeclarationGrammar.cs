using Pulse.Language.Lexing;
using Pulse.Language.Syntax;
using Superpower;

namespace Pulse.Language.Parsing;

/// <summary>The declarations and <c>property</c>.</summary>
internal static class DeclarationGrammar
{
    public static readonly BlockSpec PropertySpec = new(
        "a property (`name = value` or `name { … }`)", [],
        (session, index) => session.IsNameAt(index) && session.KindAt(index + 1) is TokenKind.Equals or TokenKind.OpenBrace);

    public static readonly BlockSpec EnvironmentSpec = PropertySpec with
    {
        Expected = "a property or `connection <name>: <kind> { … }`",
        Words = ["connection"],
        CanStartMember = (session, index) => PropertySpec.CanStartMember(session, index) || session.IsWordAt(index, "connection"),
        AcceptsConnections = true,
    };

    public static readonly BlockSpec SourceSpec = PropertySpec with
    {
        Expected = "a property (`name = value`), `schema { … }` or `clean { … }`",
        Words = ["schema", "clean"],
    };

    /// <summary><c>property = name "=" expr | name "{" { property } "}"</c>; only when a name and <c>=</c> or <c>{</c> start it.</summary>
    public static readonly TokenListParser<TokenKind, PropertySyntax> Property =
        (from name in P.NameBefore(TokenKind.Equals)
         from equalsToken in P.Token(TokenKind.Equals)
         from value in ExpressionGrammar.ExpectExpr
         select new PropertySyntax(name, equalsToken, value, null, SyntaxList<PropertySyntax>.Empty, null))
        .Or(from name in P.NameBefore(TokenKind.OpenBrace)
            from body in BlockParser.Block(PropertySpec, $"`{name.Text}` block", Parse.Ref(() => Property!))
            select new PropertySyntax(name, null, null, body.OpenBrace, body.Members, body.CloseBrace));

    /// <summary>A kind or format word after <c>:</c>, reported with <paramref name="unknown"/> (and a suggestion) when not in <paramref name="known"/>.</summary>
    private static TokenListParser<TokenKind, NameSyntax> KindName(IReadOnlyList<string> known, Func<Diagnostics.DiagnosticBuilder, string, string?, Diagnostics.Diagnostic> unknown) => input =>
    {
        var result = P.ExpectName(input);
        var name = result.Value;
        if (!name.IsMissing && (!known.Contains(name.Text) || name.Identifier.Kind != TokenKind.Identifier))
        {
            var session = ParseSession.Current;
            session.Report(input.Position, unknown(session.At(name.Span), name.Text, DidYouMean.Suggest(name.Text, known)));
        }
        return result;
    };

    /// <summary><c>import = "import" STRING</c>.</summary>
    public static readonly TokenListParser<TokenKind, DeclarationSyntax> Import =
        from keyword in P.Word("import")
        from path in P.Expect(TokenKind.String)
        select (DeclarationSyntax)new ImportDeclarationSyntax(keyword, path);

    /// <summary><c>pipeline = "pipeline" name [ "{" { property } "}" ]</c>.</summary>
    public static readonly TokenListParser<TokenKind, DeclarationSyntax> Pipeline =
        from keyword in P.Word("pipeline")
        from name in P.ExpectName
        from body in P.When((session, index) => session.KindAt(index) == TokenKind.OpenBrace,
                BlockParser.Block(PropertySpec, P.Owner("pipeline", name), Property))
            .Select(b => (BlockBody<PropertySyntax>?)b).OptionalOrDefault()
        select (DeclarationSyntax)(body is { } b
            ? new PipelineDeclarationSyntax(keyword, name, b.OpenBrace, b.Members, b.CloseBrace)
            : new PipelineDeclarationSyntax(keyword, name, null, SyntaxList<PropertySyntax>.Empty, null));

    /// <summary><c>connection = "connection" name ":" CONNECTION_KIND "{" { property } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, ConnectionDeclarationSyntax> Connection =
        from keyword in P.Word("connection")
        from name in P.ExpectName
        from colon in P.Expect(TokenKind.Colon)
        from kind in KindName(SyntaxFacts.ConnectionKinds, (at, word, suggestion) => at.UnknownConnectionKind(word, suggestion))
        from body in BlockParser.Block(PropertySpec, P.Owner("connection", name), Property)
        select new ConnectionDeclarationSyntax(keyword, name, colon, kind, body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary>An environment member: a nested connection (<c>connection name …</c>) or a property.</summary>
    private static readonly TokenListParser<TokenKind, SyntaxNode> EnvironmentMember =
        P.When((session, index) => session.IsWordAt(index, "connection") && session.IsNameAt(index + 1), Connection.Select(c => (SyntaxNode)c))
            .Or(Property.Select(p => (SyntaxNode)p));

    /// <summary><c>environment = "environment" name "{" { property | connection } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, DeclarationSyntax> Environment =
        from keyword in P.Word("environment")
        from name in P.ExpectName
        from body in BlockParser.Block(EnvironmentSpec, P.Owner("environment", name), EnvironmentMember)
        select (DeclarationSyntax)new EnvironmentDeclarationSyntax(keyword, name, body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary><c>schema = "schema" "{" { field } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, SyntaxNode> Schema =
        from keyword in P.WordBefore("schema", next => next == TokenKind.OpenBrace)
        from body in BlockParser.Block(TypeGrammar.FieldBlock, "schema block", TypeGrammar.Field)
        select (SyntaxNode)new SchemaBlockSyntax(keyword, body.OpenBrace, body.Members, body.CloseBrace);

    private static readonly TokenListParser<TokenKind, SyntaxNode> SourceMember =
        Schema.Or(CleanGrammar.CleanBlock.Select(c => (SyntaxNode)c)).Or(Property.Select(p => (SyntaxNode)p));

    /// <summary><c>source = "source" name ":" SOURCE_FORMAT "{" { property | schema | clean } "}"</c>; a second schema or clean block is reported (PULSE0114).</summary>
    public static readonly TokenListParser<TokenKind, DeclarationSyntax> Source =
        from keyword in P.Word("source")
        from name in P.ExpectName
        from colon in P.Expect(TokenKind.Colon)
        from format in KindName(SyntaxFacts.SourceFormats, (at, word, suggestion) => at.UnknownSourceFormat(word, suggestion))
        from body in BlockParser.Block(SourceSpec, P.Owner("source", name), SourceMember)
        select (DeclarationSyntax)ReportDuplicateBlocks(new SourceDeclarationSyntax(keyword, name, colon, format, body.OpenBrace, body.Members, body.CloseBrace));

    /// <summary><c>view = ( "batch" | "speed" | "serving" ) "view" name "{" { step } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, DeclarationSyntax> View =
        from kind in P.Word("batch").Or(P.Word("speed")).Or(P.Word("serving"))
        from viewKeyword in P.ExpectWord("view")
        from name in P.ExpectName
        from body in BlockParser.Block(ViewGrammar.ViewBlockSpec, P.Owner($"{kind.Text} view", name), ViewGrammar.Step)
        select (DeclarationSyntax)new ViewDeclarationSyntax(kind, viewKeyword, name, body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary><c>sink = "sink" name ":" SINK_KIND "{" { property } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, DeclarationSyntax> Sink =
        from keyword in P.Word("sink")
        from name in P.ExpectName
        from colon in P.Expect(TokenKind.Colon)
        from kind in KindName(SyntaxFacts.SinkKinds, (at, word, suggestion) => at.UnknownSinkKind(word, suggestion))
        from body in BlockParser.Block(PropertySpec, P.Owner("sink", name), Property)
        select (DeclarationSyntax)new SinkDeclarationSyntax(keyword, name, colon, kind, body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary><c>schedule = "schedule" "{" { property } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, DeclarationSyntax> Schedule =
        from keyword in P.Word("schedule")
        from body in BlockParser.Block(PropertySpec, "schedule", Property)
        select (DeclarationSyntax)new ScheduleDeclarationSyntax(keyword, body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary><c>deploy = "deploy" name "{" { property } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, DeclarationSyntax> Deploy =
        from keyword in P.Word("deploy")
        from environment in P.ExpectName
        from body in BlockParser.Block(PropertySpec, P.Owner("deploy", environment), Property)
        select (DeclarationSyntax)new DeployDeclarationSyntax(keyword, environment, body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary><c>test = "test" name "{" { given | expected } "}"</c>.</summary>
    public static readonly TokenListParser<TokenKind, DeclarationSyntax> Test =
        from keyword in P.Word("test")
        from name in P.ExpectName
        from body in BlockParser.Block(TestGrammar.TestSpec, P.Owner("test", name), TestGrammar.Member)
        select (DeclarationSyntax)new TestDeclarationSyntax(keyword, name, body.OpenBrace, body.Members, body.CloseBrace);

    /// <summary><c>declaration</c> (and <c>import</c>).</summary>
    public static readonly TokenListParser<TokenKind, DeclarationSyntax> Declaration =
        Import.Or(Pipeline).Or(Connection.Select(c => (DeclarationSyntax)c)).Or(Environment).Or(Source).Or(View)
            .Or(Sink).Or(Schedule).Or(Deploy).Or(Test);

    private static SourceDeclarationSyntax ReportDuplicateBlocks(SourceDeclarationSyntax source)
    {
        var session = ParseSession.Current;
        var owner = P.Owner("source", source.Name);
        foreach (var duplicate in source.Members.OfType<SchemaBlockSyntax>().Skip(1))
        {
            session.AddCapped(session.At(duplicate.Keyword.Span).DuplicateBlock("schema", owner));
        }
        foreach (var duplicate in source.Members.OfType<CleanBlockSyntax>().Skip(1))
        {
            session.AddCapped(session.At(duplicate.Keyword.Span).DuplicateBlock("clean", owner));
        }
        return source;
    }
}
