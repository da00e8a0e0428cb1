using NetAcademy.Content.Catalog;
using NetAcademy.Content.Courses;
using NetAcademy.Content.Errors;
using NetAcademy.Content.Labs;

namespace NetAcademy.Content.Linting;

/// <summary>
/// The engine of <c>netacademy lint [PATH]</c>. PATH may be the repository root (with content/, labs/ and
/// deploy/images/), a content folder, a labs folder, one course folder or one lab folder. Image recipes are
/// looked up in the nearest <c>deploy/images</c> above PATH; labs for lessons in a sibling <c>labs</c> folder.
/// </summary>
public static class ContentLinter
{
    /// <summary>Every error under <paramref name="path"/>, sorted by file and position; empty when all is well.</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="path"/> is not a folder.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static IReadOnlyList<ContentError> Lint(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var root = Path.GetFullPath(path);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Cannot lint '{path}': it is not a folder. Pass the repository root, content/, labs/, a course folder or a lab folder.");
        }

        var images = FindUp(root, Path.Combine("deploy", "images"));
        var errors = new List<ContentError>();

        if (File.Exists(Path.Combine(root, LabLoader.FileName)))
        {
            return Sort(LabLoader.Load(root, images, cancellationToken).Errors);
        }

        if (File.Exists(Path.Combine(root, CourseLoader.FileName)))
        {
            return Sort(LoadCourseWithLabs(root, FindSiblingLabs(Path.GetDirectoryName(root)!), images, cancellationToken));
        }

        var content = Path.Combine(root, "content");
        var labs = Path.Combine(root, "labs");
        if (Directory.Exists(content) || Directory.Exists(labs))
        {
            return ContentCatalog.Load(
                Directory.Exists(content) ? content : null,
                Directory.Exists(labs) ? labs : null,
                images,
                errors,
                cancellationToken).Errors;
        }

        var children = Directory.EnumerateDirectories(root).ToList();
        if (children.Any(d => File.Exists(Path.Combine(d, LabLoader.FileName))))
        {
            return ContentCatalog.Load(null, root, images, errors, cancellationToken).Errors;
        }

        return ContentCatalog.Load(root, FindSiblingLabs(root), images, errors, cancellationToken).Errors;
    }

    private static List<ContentError> LoadCourseWithLabs(string courseDirectory, string? labsRoot, string? images, CancellationToken cancellationToken)
    {
        var errors = new List<ContentError>();
        Dictionary<string, LabLoadResult>? labs = null;
        if (labsRoot is not null)
        {
            labs = Directory.EnumerateDirectories(labsRoot)
                .Select(d => LabLoader.Load(d, images, cancellationToken))
                .ToDictionary(r => r.Id, StringComparer.Ordinal);
        }

        errors.AddRange(CourseLoader.Load(courseDirectory, labs, cancellationToken).Errors);
        return errors;
    }

    private static string? FindSiblingLabs(string contentRoot)
    {
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(contentRoot));
        var labs = parent is null ? null : Path.Combine(parent, "labs");
        return labs is not null && Directory.Exists(labs) ? labs : null;
    }

    private static string? FindUp(string start, string relative)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static List<ContentError> Sort(IEnumerable<ContentError> errors) =>
        errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ToList();
}
