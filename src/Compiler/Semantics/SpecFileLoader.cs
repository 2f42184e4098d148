namespace Pulse.Compiler.Semantics;

/// <summary>How a compilation reads files it was not given: imported specs and pulse.json.</summary>
public interface ISpecFileLoader
{
    /// <summary>The file's text, or null when it does not exist or cannot be read.</summary>
    string? TryRead(string path);
}

/// <summary>Reads from disk; relative paths resolve against <paramref name="baseDirectory"/> (default: the current directory).</summary>
public sealed class FileSystemSpecLoader(string? baseDirectory = null) : ISpecFileLoader
{
    public static readonly FileSystemSpecLoader Instance = new();

    public string? TryRead(string path)
    {
        try
        {
            var full = baseDirectory is null || Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
            return File.Exists(full) ? File.ReadAllText(full) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>Reads from a dictionary of path to text (tests, editors with unsaved files).</summary>
public sealed class InMemorySpecLoader(IReadOnlyDictionary<string, string> files) : ISpecFileLoader
{
    public static readonly InMemorySpecLoader Empty = new(new Dictionary<string, string>());

    public string? TryRead(string path) => files.TryGetValue(SpecPaths.Normalize(path), out var text) || files.TryGetValue(path, out text) ? text : null;
}

/// <summary>Path arithmetic for imports, independent of the machine's separator and of the file system.</summary>
public static class SpecPaths
{
    /// <summary>Forward slashes, no <c>.</c> segments, <c>..</c> resolved where possible.</summary>
    public static string Normalize(string path)
    {
        var slashed = path.Replace('\\', '/');
        var rooted = slashed.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in slashed.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }
        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined;
    }

    /// <summary>An import path, relative to the folder of the importing file.</summary>
    public static string Resolve(string importer, string import)
    {
        var slashed = import.Replace('\\', '/');
        if (slashed.StartsWith('/') || Path.IsPathRooted(import)) return Normalize(slashed);
        var folder = Directory(importer);
        return Normalize(folder.Length == 0 ? slashed : folder + "/" + slashed);
    }

    /// <summary>The folder part of a path ("" for a bare file name).</summary>
    public static string Directory(string path)
    {
        var slashed = path.Replace('\\', '/');
        var slash = slashed.LastIndexOf('/');
        return slash < 0 ? "" : slash == 0 ? "/" : slashed[..slash];
    }
}
