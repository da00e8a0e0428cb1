namespace NetAcademy.Content.Tests;

/// <summary>Where the copied fixtures and the repository checkout are.</summary>
internal static class TestPaths
{
    public static string Fixtures { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string LabFixtures { get; } = Path.Combine(Fixtures, "labs");

    public static string ContentFixtures { get; } = Path.Combine(Fixtures, "content");

    public static string Images { get; } = Path.Combine(Fixtures, "images");

    /// <summary>The repository root, found by walking up to NetAcademy.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetAcademy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NetAcademy.sln not found above the test assembly.");
    }
}
