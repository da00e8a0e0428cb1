using NetAcademy.Content.Labs;
using NetAcademy.Core.Labs;

namespace NetAcademy.Content.Linting;

/// <summary>The labs the advisors look at: those that load without errors (the linter reports the others).</summary>
internal static class LintedLabs
{
    /// <summary>Each lab under <paramref name="labsRoot"/> (a labs folder, or one lab folder) that loads, with its folder.</summary>
    public static IEnumerable<(string Folder, Lab Lab)> Load(string labsRoot, string? imagesRoot, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(labsRoot);
        var folders = File.Exists(Path.Combine(labsRoot, LabLoader.FileName))
            ? [labsRoot]
            : Directory.Exists(labsRoot)
                ? Directory.EnumerateDirectories(labsRoot).Where(d => File.Exists(Path.Combine(d, LabLoader.FileName))).Order(StringComparer.Ordinal).ToList()
                : [];
        foreach (var folder in folders)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (LabLoader.Load(folder, imagesRoot, cancellationToken).Lab is { } lab)
            {
                yield return (folder, lab);
            }
        }
    }
}
