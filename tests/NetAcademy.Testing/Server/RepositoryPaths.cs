namespace NetAcademy.Testing.Server;

/// <summary>Where the repository and the built server are, seen from the running test or benchmark assembly.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding NetAcademy.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Build configuration of the running assembly (Release or Debug), from its path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>
    /// The web app's entry assembly: NETACADEMY_WEB_DLL when set; else the build of the running assembly's
    /// configuration (what a test project that builds the web app beside itself gets); else the other
    /// configuration's build, for a caller that does not build the web app itself (the benchmarks).
    /// </summary>
    public static string WebDll
    {
        get
        {
            if (Environment.GetEnvironmentVariable("NETACADEMY_WEB_DLL") is { Length: > 0 } overridden)
            {
                return overridden;
            }
            var own = WebDllOf(Configuration);
            var other = WebDllOf(Configuration == "Release" ? "Debug" : "Release");
            return File.Exists(own) || !File.Exists(other) ? own : other;
        }
    }

    private static string WebDllOf(string configuration) =>
        Path.Combine(Root, "src", "NetAcademy.Web", "bin", configuration, "net10.0", "NetAcademy.Web.dll");

    // From the build output first, then from the working directory (a copy of the build elsewhere, run in the repository).
    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NetAcademy.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException($"No NetAcademy.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}: run in the repository.");
    }
}
