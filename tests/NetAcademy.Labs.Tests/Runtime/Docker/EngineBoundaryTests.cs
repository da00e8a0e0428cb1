using NetAcademy.Testing.Server;

namespace NetAcademy.Labs.Tests.Runtime.Docker;

/// <summary>
/// The engine client is named in one folder only. The compiler already stops the web app and the CLI (the client's
/// compile-time assets are private to NetAcademy.Labs); this also holds the rest of NetAcademy.Labs to it.
/// </summary>
public sealed class EngineBoundaryTests
{
    private const string Boundary = "src/NetAcademy.Labs/Runtime/Docker/";

    [Fact]
    public void Sources_OutsideTheDockerBackend_NeverNameTheEngineClient()
    {
        var src = Path.Combine(RepositoryPaths.Root, "src");
        var offenders = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryPaths.Root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(Boundary, StringComparison.Ordinal))
            .Where(f => File.ReadAllText(Path.Combine(RepositoryPaths.Root, f)).Contains("Docker.DotNet", StringComparison.Ordinal))
            .ToList();

        Assert.True(offenders.Count == 0, "Only " + Boundary + " may name Docker.DotNet; found in: " + string.Join(", ", offenders));
        // The scan looks at the right tree: the backend itself does name the client.
        Assert.Contains(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, Boundary), "*.cs"),
            f => File.ReadAllText(f).Contains("using Docker.DotNet;", StringComparison.Ordinal));
    }
}
