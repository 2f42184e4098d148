using Pulse.Language.Syntax;

namespace Pulse.Lsp.Formatting;

/// <summary>
/// The layout facts the formatter reads off the tree: which tokens start a member of a block (and
/// so a line), which braces open and close member blocks, which member owns each token, and where
/// a list step's first item is (continuation lines align to it).
/// </summary>
internal sealed class BlockStructure
{
    private readonly HashSet<SyntaxToken> memberStarts = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SyntaxToken, SyntaxNode> blockOpens = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SyntaxToken, SyntaxNode> blockCloses = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SyntaxToken, SyntaxNode> owners = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SyntaxToken, SyntaxNode> alignmentTokens = new(ReferenceEqualityComparer.Instance);

    public BlockStructure(FileSyntax root)
    {
        // Pre-order, so a nested member overwrites its tokens' owner after its container did.
        var stack = new Stack<SyntaxNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (MembersOf(node) is { } members)
            {
                var list = members.ToList();
                foreach (var member in list)
                {
                    memberStarts.Add(member.FirstToken);
                    foreach (var token in member.DescendantTokens()) owners[token] = member;
                    if (AlignmentTokenOf(member) is { } align) alignmentTokens[align] = member;
                }
                if (BracesOf(node) is ({ } open, { } close) && list.Count > 0)
                {
                    blockOpens[open] = node;
                    blockCloses[close] = node;
                }
            }
            var children = node.Children;
            for (var i = children.Length - 1; i >= 0; i--)
                if (children[i] is SyntaxNode child) stack.Push(child);
        }
    }

    public bool IsMemberStart(SyntaxToken token) => memberStarts.Contains(token);

    /// <summary>A <c>{</c> whose block has members: what follows it starts a new line.</summary>
    public bool OpensMemberBlock(SyntaxToken token) => blockOpens.ContainsKey(token);

    /// <summary>A <c>}</c> whose block has members: it goes on its own line.</summary>
    public bool ClosesMemberBlock(SyntaxToken token) => blockCloses.ContainsKey(token);

    public SyntaxNode? OwnerOf(SyntaxToken token) => owners.GetValueOrDefault(token);

    /// <summary>The list step whose first item this token is, if any.</summary>
    public SyntaxNode? AlignedMemberOf(SyntaxToken token) => alignmentTokens.GetValueOrDefault(token);

    /// <summary>The member nodes of a block-bearing node; null for nodes that hold no members.</summary>
    private static IEnumerable<SyntaxNode>? MembersOf(SyntaxNode node) => node switch
    {
        FileSyntax n => n.Declarations,
        PipelineDeclarationSyntax n => n.Properties,
        ConnectionDeclarationSyntax n => n.Properties,
        EnvironmentDeclarationSyntax n => n.Members,
        SourceDeclarationSyntax n => n.Members,
        SchemaBlockSyntax n => n.Fields,
        CleanBlockSyntax n => n.Steps,
        ViewDeclarationSyntax n => n.Steps,
        GroupByStepSyntax n => n.Aggregates,
        SinkDeclarationSyntax n => n.Properties,
        ScheduleDeclarationSyntax n => n.Properties,
        DeployDeclarationSyntax n => n.Properties,
        TestDeclarationSyntax n => n.Members,
        GivenSyntax n => n.Items,
        ExpectedRowsSyntax n => n.Rows,
        PropertySyntax { IsBlock: true } n => n.Properties,
        _ => null,
    };

    private static (SyntaxToken? Open, SyntaxToken? Close) BracesOf(SyntaxNode node) => node switch
    {
        PipelineDeclarationSyntax n => (n.OpenBrace, n.CloseBrace),
        ConnectionDeclarationSyntax n => (n.OpenBrace, n.CloseBrace),
        EnvironmentDeclarationSyntax n => (n.OpenBrace, n.CloseBrace),
        SourceDeclarationSyntax n => (n.OpenBrace, n.CloseBrace),
        SchemaBlockSyntax n => (n.OpenBrace, n.CloseBrace),
        CleanBlockSyntax n => (n.OpenBrace, n.CloseBrace),
        ViewDeclarationSyntax n => (n.OpenBrace, n.CloseBrace),
        GroupByStepSyntax n => (n.OpenBrace, n.CloseBrace),
        SinkDeclarationSyntax n => (n.OpenBrace, n.CloseBrace),
        ScheduleDeclarationSyntax n => (n.OpenBrace, n.CloseBrace),
        DeployDeclarationSyntax n => (n.OpenBrace, n.CloseBrace),
        TestDeclarationSyntax n => (n.OpenBrace, n.CloseBrace),
        GivenSyntax n => (n.OpenBrace, n.CloseBrace),
        ExpectedRowsSyntax n => (n.OpenBrace, n.CloseBrace),
        PropertySyntax n => (n.OpenBrace, n.CloseBrace),
        _ => (null, null),
    };

    /// <summary>For steps that list items, the first item: continuation lines line up under it.</summary>
    private static SyntaxToken? AlignmentTokenOf(SyntaxNode member) => member switch
    {
        SelectStepSyntax n when n.Items.Count > 0 => n.Items[0].FirstToken,
        DeriveStepSyntax n when n.Assignments.Count > 0 => n.Assignments[0].FirstToken,
        GroupByStepSyntax n when n.Keys.Count > 0 => n.Keys[0].FirstToken,
        OrderByStepSyntax n when n.Items.Count > 0 => n.Items[0].FirstToken,
        KeyStepSyntax n when n.Columns.Count > 0 => n.Columns[0].FirstToken,
        TextStepSyntax n when n.Columns.Count > 0 => n.Columns[0].FirstToken,
        FillStepSyntax n when n.Columns.Count > 0 => n.Columns[0].FirstToken,
        DedupeStepSyntax n when n.Columns.Count > 0 => n.Columns[0].FirstToken,
        _ => null,
    };
}
