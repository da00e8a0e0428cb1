namespace NetAcademy.Content.Markdown.SafeLinks;

/// <summary>
/// Decides which link targets may become <c>href</c> or <c>src</c>: relative URLs and the http, https and
/// mailto schemes. Everything else (javascript:, vbscript:, data:, file:, ...) is refused; an allow-list is
/// used because browsers keep adding schemes.
/// </summary>
public static class SafeUrl
{
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    /// <summary>True when <paramref name="url"/> may be rendered as a link or image source.</summary>
    public static bool IsAllowed(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        // Browsers drop ASCII tabs and newlines anywhere and trim control characters and spaces at the ends,
        // so "java\tscript:" is javascript:. Look at the URL the way they do.
        var cleaned = new string(url.Where(c => c is not '\t' and not '\n' and not '\r').ToArray()).Trim('\0', ' ', '\u0001', '\u0002', '\u0003', '\u0004', '\u0005', '\u0006', '\u0007', '\b', '\v', '\f', '\u000e', '\u000f', '\u0010', '\u0011', '\u0012', '\u0013', '\u0014', '\u0015', '\u0016', '\u0017', '\u0018', '\u0019', '\u001a', '\u001b', '\u001c', '\u001d', '\u001e', '\u001f');
        var colon = cleaned.IndexOf(':');
        if (colon < 0)
        {
            return true;
        }

        var end = cleaned.IndexOfAny(['/', '?', '#']);
        if (end >= 0 && end < colon)
        {
            return true; // The colon is in the path, query or fragment: a relative URL.
        }

        var scheme = cleaned[..colon].ToLowerInvariant();
        return AllowedSchemes.Contains(scheme);
    }

    /// <summary>True when <paramref name="url"/> has no scheme and is not protocol-relative: a path beside the lesson or on the site.</summary>
    public static bool IsRelative(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith(@"\\", StringComparison.Ordinal))
        {
            return false;
        }

        var colon = url.IndexOf(':');
        var end = url.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (end >= 0 && end < colon);
    }
}
