namespace NetAcademy.E2E.Infrastructure;

/// <summary>Where the repository and the built server are, seen from the test assembly.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding NetAcademy.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Build configuration of this test run (Release or Debug), from the test assembly's path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The web app's entry assembly for this configuration.</summary>
    public static string WebDll => Path.Combine(Root, "src", "NetAcademy.Web", "bin", Configuration, "net10.0", "NetAcademy.Web.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetAcademy.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"NetAcademy.sln not found above {AppContext.BaseDirectory}.");
    }
}
