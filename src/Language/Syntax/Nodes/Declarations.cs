namespace Pulse.Language.Syntax;

/// <summary><c>import = "import" STRING</c>.</summary>
public sealed partial class ImportDeclarationSyntax(SyntaxToken keyword, SyntaxToken path) : DeclarationSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public override NameSyntax? Name => null;
    /// <summary>The string token (possibly missing).</summary>
    public SyntaxToken Path { get; } = path;
    /// <summary>The imported path, escapes resolved.</summary>
    public string PathText => Path.ValueText;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Path];
}

/// <summary><c>pipeline = "pipeline" name [ "{" { property } "}" ]</c>.</summary>
public sealed partial class PipelineDeclarationSyntax(SyntaxToken keyword, NameSyntax name, SyntaxToken? openBrace, SyntaxList<PropertySyntax> properties, SyntaxToken? closeBrace) : DeclarationSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public override NameSyntax Name { get; } = name;
    /// <summary>Null when the pipeline has no body (then <see cref="CloseBrace"/> is null too).</summary>
    public SyntaxToken? OpenBrace { get; } = openBrace;
    public SyntaxList<PropertySyntax> Properties { get; } = properties;
    public SyntaxToken? CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Name, OpenBrace, Properties, CloseBrace];
}

/// <summary><c>connection = "connection" name ":" CONNECTION_KIND "{" { property } "}"</c>.</summary>
public sealed partial class ConnectionDeclarationSyntax(SyntaxToken keyword, NameSyntax name, SyntaxToken colon, NameSyntax kind, SyntaxToken openBrace, SyntaxList<PropertySyntax> properties, SyntaxToken closeBrace) : DeclarationSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public override NameSyntax Name { get; } = name;
    public SyntaxToken Colon { get; } = colon;
    /// <summary><c>postgres elasticsearch kafka http</c>; the parser reports other words (PULSE0111).</summary>
    public NameSyntax Kind { get; } = kind;
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<PropertySyntax> Properties { get; } = properties;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Name, Colon, Kind, OpenBrace, Properties, CloseBrace];
}

/// <summary><c>environment = "environment" name "{" { property | connection } "}"</c>.</summary>
public sealed partial class EnvironmentDeclarationSyntax(SyntaxToken keyword, NameSyntax name, SyntaxToken openBrace, SyntaxList<SyntaxNode> members, SyntaxToken closeBrace) : DeclarationSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public override NameSyntax Name { get; } = name;
    public SyntaxToken OpenBrace { get; } = openBrace;
    /// <summary><see cref="PropertySyntax"/> and <see cref="ConnectionDeclarationSyntax"/> members in source order.</summary>
    public SyntaxList<SyntaxNode> Members { get; } = members;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    public IEnumerable<PropertySyntax> Properties => Members.OfType<PropertySyntax>();
    public IEnumerable<ConnectionDeclarationSyntax> Connections => Members.OfType<ConnectionDeclarationSyntax>();

    protected override IEnumerable<object?> GetSlots() => [Keyword, Name, OpenBrace, Members, CloseBrace];
}

/// <summary><c>source = "source" name ":" SOURCE_FORMAT "{" { property | schema | clean } "}"</c>.</summary>
public sealed partial class SourceDeclarationSyntax(SyntaxToken keyword, NameSyntax name, SyntaxToken colon, NameSyntax format, SyntaxToken openBrace, SyntaxList<SyntaxNode> members, SyntaxToken closeBrace) : DeclarationSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public override NameSyntax Name { get; } = name;
    public SyntaxToken Colon { get; } = colon;
    /// <summary><c>csv json ndjson parquet http postgres elasticsearch kafka</c>; the parser reports other words (PULSE0110).</summary>
    public NameSyntax Format { get; } = format;
    public SyntaxToken OpenBrace { get; } = openBrace;
    /// <summary><see cref="PropertySyntax"/>, <see cref="SchemaBlockSyntax"/> and <see cref="CleanBlockSyntax"/> members in source order.</summary>
    public SyntaxList<SyntaxNode> Members { get; } = members;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    public IEnumerable<PropertySyntax> Properties => Members.OfType<PropertySyntax>();
    /// <summary>The first schema block (the parser reports a second one, PULSE0114).</summary>
    public SchemaBlockSyntax? Schema => Members.OfType<SchemaBlockSyntax>().FirstOrDefault();
    /// <summary>The first clean block (the parser reports a second one, PULSE0114).</summary>
    public CleanBlockSyntax? Clean => Members.OfType<CleanBlockSyntax>().FirstOrDefault();

    protected override IEnumerable<object?> GetSlots() => [Keyword, Name, Colon, Format, OpenBrace, Members, CloseBrace];
}

public enum ViewKind { Batch, Speed, Serving }

/// <summary><c>view = ( "batch" | "speed" | "serving" ) "view" name "{" { step } "}"</c>.</summary>
public sealed partial class ViewDeclarationSyntax(SyntaxToken kindKeyword, SyntaxToken viewKeyword, NameSyntax name, SyntaxToken openBrace, SyntaxList<ViewStepSyntax> steps, SyntaxToken closeBrace) : DeclarationSyntax
{
    /// <summary>The <c>batch</c>, <c>speed</c> or <c>serving</c> word.</summary>
    public override SyntaxToken Keyword { get; } = kindKeyword;
    public SyntaxToken ViewKeyword { get; } = viewKeyword;
    public override NameSyntax Name { get; } = name;
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<ViewStepSyntax> Steps { get; } = steps;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    public ViewKind Kind => Keyword.Text switch { "speed" => ViewKind.Speed, "serving" => ViewKind.Serving, _ => ViewKind.Batch };

    protected override IEnumerable<object?> GetSlots() => [Keyword, ViewKeyword, Name, OpenBrace, Steps, CloseBrace];
}

/// <summary><c>sink = "sink" name ":" SINK_KIND "{" { property } "}"</c>.</summary>
public sealed partial class SinkDeclarationSyntax(SyntaxToken keyword, NameSyntax name, SyntaxToken colon, NameSyntax kind, SyntaxToken openBrace, SyntaxList<PropertySyntax> properties, SyntaxToken closeBrace) : DeclarationSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public override NameSyntax Name { get; } = name;
    public SyntaxToken Colon { get; } = colon;
    /// <summary><c>postgres elasticsearch delta parquet kafka</c>; the parser reports other words (PULSE0112).</summary>
    public NameSyntax Kind { get; } = kind;
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<PropertySyntax> Properties { get; } = properties;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Name, Colon, Kind, OpenBrace, Properties, CloseBrace];
}

/// <summary><c>schedule = "schedule" "{" { property } "}"</c>.</summary>
public sealed partial class ScheduleDeclarationSyntax(SyntaxToken keyword, SyntaxToken openBrace, SyntaxList<PropertySyntax> properties, SyntaxToken closeBrace) : DeclarationSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public override NameSyntax? Name => null;
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<PropertySyntax> Properties { get; } = properties;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, OpenBrace, Properties, CloseBrace];
}

/// <summary><c>deploy = "deploy" name "{" { property } "}"</c>; the name is an environment.</summary>
public sealed partial class DeployDeclarationSyntax(SyntaxToken keyword, NameSyntax environment, SyntaxToken openBrace, SyntaxList<PropertySyntax> properties, SyntaxToken closeBrace) : DeclarationSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    /// <summary>The environment deployed to.</summary>
    public override NameSyntax Name { get; } = environment;
    public SyntaxToken OpenBrace { get; } = openBrace;
    public SyntaxList<PropertySyntax> Properties { get; } = properties;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    protected override IEnumerable<object?> GetSlots() => [Keyword, Name, OpenBrace, Properties, CloseBrace];
}

/// <summary><c>test = "test" name "{" { given | expected } "}"</c>.</summary>
public sealed partial class TestDeclarationSyntax(SyntaxToken keyword, NameSyntax name, SyntaxToken openBrace, SyntaxList<SyntaxNode> members, SyntaxToken closeBrace) : DeclarationSyntax
{
    public override SyntaxToken Keyword { get; } = keyword;
    public override NameSyntax Name { get; } = name;
    public SyntaxToken OpenBrace { get; } = openBrace;
    /// <summary><see cref="GivenSyntax"/> and <see cref="ExpectedRowsSyntax"/> members in source order.</summary>
    public SyntaxList<SyntaxNode> Members { get; } = members;
    public SyntaxToken CloseBrace { get; } = closeBrace;

    public IEnumerable<GivenSyntax> Givens => Members.OfType<GivenSyntax>();
    public IEnumerable<ExpectedRowsSyntax> Expectations => Members.OfType<ExpectedRowsSyntax>();

    protected override IEnumerable<object?> GetSlots() => [Keyword, Name, OpenBrace, Members, CloseBrace];
}
