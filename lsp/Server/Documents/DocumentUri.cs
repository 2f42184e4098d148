namespace Pulse.Lsp.Documents;

/// <summary>
/// Maps <c>file:</c> URIs to file-system paths and back. The compiler speaks paths; the protocol
/// speaks URIs. A URI that is not a file URI (an untitled buffer) keeps its text as its "path".
/// </summary>
public static class DocumentUri
{
    public static string ToPath(string uri)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile)
            return Path.GetFullPath(parsed.LocalPath);
        return uri;
    }

    public static string FromPath(string path)
    {
        if (!Path.IsPathRooted(path)) return path;
        return new Uri(Path.GetFullPath(path)).AbsoluteUri;
    }
}
