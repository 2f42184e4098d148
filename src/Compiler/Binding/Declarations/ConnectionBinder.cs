using System.Collections.Immutable;
using Pulse.Compiler.Properties;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Binding;

/// <summary>Binds connections (top level and environment overrides) and environments.</summary>
internal static class ConnectionBinder
{
    public static BoundConnection Bind(Binder binder, ConnectionSymbol connection)
    {
        var context = binder.Context;
        var tree = connection.Tree!;
        var syntax = connection.Syntax;
        var block = PropertyCatalog.ForConnection(connection.ConnectionKind);
        var properties = block is null
            ? BoundProperties.Empty(new BlockDefinition("connection", []), tree)
            : PropertyBinder.Bind(context, tree, block, syntax.Properties, syntax.Name);
        if (connection.ConnectionKind == "postgres" && !properties.Has("url") && !properties.Has("host")
            && !syntax.Properties.Any(p => p.Name.Text is "url" or "host"))
        {
            context.Add(BindingContext.At(tree, syntax.Name).ConnectionNeedsAddress(connection.Name, "postgres", "url, or host (with port, database and user)"));
        }
        return new BoundConnection(connection, properties);
    }

    public static BoundEnvironment BindEnvironment(Binder binder, EnvironmentSymbol environment)
    {
        var context = binder.Context;
        var tree = environment.Tree!;
        var syntax = environment.Syntax;
        var properties = PropertyBinder.Bind(context, tree, PropertyCatalog.Environment, syntax.Properties, syntax.Name);
        var connections = ImmutableArray.CreateBuilder<BoundConnection>();
        var seen = new Dictionary<string, ConnectionSymbol>(StringComparer.Ordinal);
        foreach (var declaration in syntax.Connections)
        {
            if (declaration.Name.IsMissing) continue;
            var name = declaration.Name.Text;
            var symbol = new ConnectionSymbol(name, declaration.Name, tree, declaration.DocComment, declaration, environment);
            context.Info.RecordDeclaration(declaration, symbol);
            if (seen.TryGetValue(name, out var previous))
            {
                context.Add(BindingContext.At(tree, declaration.Name).DuplicateDeclaration("connection", name, BindingContext.Where(previous, tree)));
                continue;
            }
            seen[name] = symbol;
            var overridden = context.Globals.FindConnection(name);
            if (overridden is null)
            {
                context.Add(BindingContext.At(tree, declaration.Name).EnvironmentConnectionWithoutBase(name, environment.Name));
            }
            else
            {
                symbol.Overrides = overridden;
                if (overridden.ConnectionKind != symbol.ConnectionKind && SyntaxFacts.ConnectionKinds.Contains(symbol.ConnectionKind))
                    context.Add(BindingContext.At(tree, declaration.Kind).EnvironmentConnectionKindChanged(name, environment.Name, overridden.ConnectionKind, symbol.ConnectionKind));
            }
            connections.Add(Bind(binder, symbol));
        }
        return new BoundEnvironment(environment, properties, connections.ToImmutable());
    }
}
