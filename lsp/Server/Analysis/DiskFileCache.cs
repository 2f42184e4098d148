using System.Collections.Concurrent;
using Pulse.Lsp.Documents;

namespace Pulse.Lsp.Analysis;

/// <summary>
/// Parsed files that are not open in the editor (imports, workspace symbols), re-read only when
/// their size or modification time changes.
/// </summary>
public sealed class DiskFileCache
{
    private readonly ConcurrentDictionary<string, (DateTime Modified, long Length, DocumentAnalysis Analysis)> files = new(StringComparer.Ordinal);

    /// <summary>The parsed file, or null when it does not exist or cannot be read.</summary>
    public DocumentAnalysis? Get(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            if (files.TryGetValue(path, out var cached) && cached.Modified == info.LastWriteTimeUtc && cached.Length == info.Length)
                return cached.Analysis;
            var analysis = DocumentAnalysis.Parse(path, DocumentUri.FromPath(path), File.ReadAllText(path), null);
            files[path] = (info.LastWriteTimeUtc, info.Length, analysis);
            return analysis;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null; // not a file-system path (an untitled buffer's URI)
        }
    }

    /// <summary>Every .pulse file under a folder (skipping dependency and build folders), sorted.</summary>
    public static IEnumerable<string> PulseFilesUnder(string? root)
    {
        if (root is null || !Directory.Exists(root)) return [];
        var skipped = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "node_modules", "bin", "obj", ".git", "build", "artifacts" };
        var result = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0 && result.Count < 5000)
        {
            var dir = pending.Pop();
            try
            {
                result.AddRange(Directory.EnumerateFiles(dir, "*.pulse"));
                foreach (var sub in Directory.EnumerateDirectories(dir))
                    if (!skipped.Contains(Path.GetFileName(sub))) pending.Push(sub);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unreadable folder just contributes nothing.
            }
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
