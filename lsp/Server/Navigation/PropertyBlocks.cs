using Pulse.Compiler.Properties;
using Pulse.Language.Syntax;

namespace Pulse.Lsp.Navigation;

/// <summary>Which catalog block (<see cref="PropertyCatalog"/>) applies inside a block-bearing node.</summary>
public static class PropertyBlocks
{
    public static BlockDefinition? DefinitionFor(SyntaxNode? container) => container switch
    {
        PipelineDeclarationSyntax => PropertyCatalog.Pipeline,
        EnvironmentDeclarationSyntax => PropertyCatalog.Environment,
        ConnectionDeclarationSyntax c => PropertyCatalog.ForConnection(c.Kind.Text),
        SourceDeclarationSyntax s => PropertyCatalog.ForSource(s.Format.Text),
        SinkDeclarationSyntax s => PropertyCatalog.ForSink(s.Kind.Text),
        ScheduleDeclarationSyntax => PropertyCatalog.Schedule,
        DeployDeclarationSyntax => PropertyCatalog.Deploy,
        PropertySyntax { IsBlock: true } p => DefinitionFor(p.Parent)?.Find(p.Name.Text)?.Nested,
        _ => null,
    };

    /// <summary>The catalog entry for a property, when its block is known and declares it.</summary>
    public static PropertyDefinition? DefinitionOf(PropertySyntax property) => DefinitionFor(property.Parent)?.Find(property.Name.Text);
}
