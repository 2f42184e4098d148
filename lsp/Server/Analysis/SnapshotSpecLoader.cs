using Pulse.Compiler.Semantics;
using Pulse.Lsp.Documents;

namespace Pulse.Lsp.Analysis;

/// <summary>
/// How a compilation reads the files it imports (and pulse.json): the editor's text for open
/// documents, the disk for everything else.
/// </summary>
public sealed class SnapshotSpecLoader(DocumentStore documents) : ISpecFileLoader
{
    public string? TryRead(string path)
    {
        if (documents.FindByPath(path) is { } open) return open.Text;
        var native = path.Replace('/', Path.DirectorySeparatorChar);
        if (documents.FindByPath(native) is { } openNative) return openNative.Text;
        return FileSystemSpecLoader.Instance.TryRead(native);
    }
}
