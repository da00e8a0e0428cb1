namespace NetAcademy.Web;

/// <summary>Host-level options, bound from the "NetAcademy" section.</summary>
public sealed class NetAcademyOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "NetAcademy";

    /// <summary>
    /// The repository (or install) root holding content/, labs/ and deploy/images/. Relative content paths
    /// are resolved against it. Default: the nearest folder above the working directory or the app that
    /// holds NetAcademy.sln, else the working directory.
    /// </summary>
    public string? Root { get; set; }

    /// <summary>Where the platform keeps its data (SQLite file, keys). Default: &lt;Root&gt;/data.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The root as configured or found.</summary>
    public string ResolveRoot()
    {
        if (!string.IsNullOrWhiteSpace(Root))
        {
            return Path.GetFullPath(Root);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NetAcademy.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return Directory.GetCurrentDirectory();
    }

    /// <summary>The data directory as configured, or under the root.</summary>
    public string ResolveDataDirectory() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory) ? Path.Combine(ResolveRoot(), "data") : DataDirectory);
}
