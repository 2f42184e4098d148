using Pulse.Compiler.Semantics;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Compiler.Tests.Infrastructure;

/// <summary>Small in-memory specs for unit tests.</summary>
public static class Specs
{
    public static Compilation Compile(string text, string path = "test.pulse", IReadOnlyDictionary<string, string>? files = null, ProjectOptions? options = null) =>
        Compilation.Create([new SourceText(path, text)], files is null ? null : new InMemorySpecLoader(files), options);

    /// <summary>The offset of the <paramref name="occurrence"/>-th match of <paramref name="marker"/> (plus <paramref name="delta"/>).</summary>
    public static int Offset(string text, string marker, int delta = 0, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
            if (index < 0) throw new ArgumentException($"`{marker}` occurs fewer than {occurrence} times");
        }
        return index + delta;
    }

    public static T NodeAt<T>(SyntaxTree tree, int position) where T : SyntaxNode =>
        tree.FindNode(position).Ancestors().Prepend(tree.FindNode(position)).OfType<T>().First();
}
