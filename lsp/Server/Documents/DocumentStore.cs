using System.Collections.Immutable;

namespace Pulse.Lsp.Documents;

/// <summary>
/// The documents the editor has open, keyed by file path (the compiler's key). Immutable: every
/// change gives a new store, so a request works on a consistent set while edits keep arriving.
/// </summary>
public sealed class DocumentStore
{
    public static readonly DocumentStore Empty = new(ImmutableSortedDictionary.Create<string, TextDocument>(StringComparer.Ordinal));

    private DocumentStore(ImmutableSortedDictionary<string, TextDocument> documents) => Documents = documents;

    public ImmutableSortedDictionary<string, TextDocument> Documents { get; }

    public TextDocument? FindByUri(string uri) => Documents.GetValueOrDefault(DocumentUri.ToPath(uri));

    public TextDocument? FindByPath(string path) => Documents.GetValueOrDefault(path);

    public DocumentStore With(TextDocument document) => new(Documents.SetItem(document.Path, document));

    public DocumentStore Without(string path) => new(Documents.Remove(path));
}
