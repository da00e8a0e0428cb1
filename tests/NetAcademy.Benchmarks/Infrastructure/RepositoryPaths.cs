namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>Where the repository and the built server are, found from the benchmark's own location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>BENCHMARKS.md at the repository root: every benchmark rewrites its own section in it.</summary>
    public static string Report => Path.Combine(Root, "BENCHMARKS.md");

    /// <summary>
    /// The server to start: the Release build when there is one (what an operator runs), else the Debug build.
    /// NETACADEMY_WEB_DLL overrides both.
    /// </summary>
    public static string WebDll
    {
        get
        {
            if (Environment.GetEnvironmentVariable("NETACADEMY_WEB_DLL") is { Length: > 0 } overridden)
            {
                return overridden;
            }
            var release = Path.Combine(Root, "src", "NetAcademy.Web", "bin", "Release", "net10.0", "NetAcademy.Web.dll");
            return File.Exists(release) ? release : Path.Combine(Root, "src", "NetAcademy.Web", "bin", "Debug", "net10.0", "NetAcademy.Web.dll");
        }
    }

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
        throw new InvalidOperationException($"No NetAcademy.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}: run the benchmarks in the repository.");
    }
}
