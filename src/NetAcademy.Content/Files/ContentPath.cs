namespace NetAcademy.Content.Files;

/// <summary>
/// Decides whether a path really lies inside a folder once every symbolic link on the way is followed.
/// Checking only the last component is not enough: <c>files/passwd</c> escapes when <c>files</c> is a
/// link to <c>/etc</c>, so each component of the path is resolved, as realpath(3) does.
/// </summary>
public static class ContentPath
{
    // As Linux's MAXSYMLINKS: a chain longer than this is a loop or an attack.
    private const int MaxLinks = 40;

    /// <summary>
    /// True when <paramref name="path"/>, with every link resolved, is <paramref name="root"/> (links resolved too)
    /// or lies below it. A link loop, or a path that cannot be resolved, counts as outside.
    /// </summary>
    public static bool IsInside(string root, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var realRoot = RealPath(root);
        var realPath = RealPath(path);
        if (realRoot is null || realPath is null)
        {
            return false;
        }
        var prefix = Path.TrimEndingDirectorySeparator(realRoot) + Path.DirectorySeparatorChar;
        return realPath.StartsWith(prefix, StringComparison.Ordinal) || realPath == Path.TrimEndingDirectorySeparator(realRoot);
    }

    /// <summary>The absolute path with every symbolic link resolved, or null for a loop or an unreadable link.</summary>
    public static string? RealPath(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string? Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = new FileInfo(next);
            string? target;
            try
            {
                target = info.LinkTarget;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                return null;
            }
            // A relative target is relative to the link's folder, which is already resolved.
            var resolved = Resolve(Path.GetFullPath(target, current), ref links);
            if (resolved is null)
            {
                return null;
            }
            current = resolved;
        }
        return current;
    }
}
