namespace NetAcademy.Web.Accounts;

/// <summary>Where to go after signing in: only paths on this site, so a link cannot send people elsewhere.</summary>
public static class ReturnUrls
{
    /// <summary>The URL when it is a local path, else "/".</summary>
    public static string Local(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal)
            ? url
            : "/";
}
