using System.Collections.Frozen;
using NetAcademy.Content.Courses;
using NetAcademy.Content.Errors;
using NetAcademy.Content.Labs;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;

namespace NetAcademy.Content.Catalog;

/// <summary>
/// An immutable snapshot of every course, lesson (with its rendered HTML) and lab, plus every error found
/// while loading them. A broken file makes only its own item unavailable; the rest loads. Safe to share
/// between threads; a reload produces a new catalog rather than changing this one.
/// </summary>
public sealed class ContentCatalog
{
    private readonly FrozenDictionary<string, Course> _courses;
    private readonly FrozenDictionary<string, Lab> _labs;

    private ContentCatalog(IReadOnlyList<Course> courses, IReadOnlyList<Lab> labs, IReadOnlyList<ContentError> errors, DateTimeOffset loadedAt)
    {
        Courses = courses;
        Labs = labs;
        Errors = errors;
        LoadedAt = loadedAt;
        _courses = courses.ToFrozenDictionary(c => c.Id.Value, StringComparer.Ordinal);
        _labs = labs.ToFrozenDictionary(l => l.Id.Value, StringComparer.Ordinal);
    }

    /// <summary>An empty catalog.</summary>
    public static ContentCatalog Empty { get; } = new([], [], [], DateTimeOffset.MinValue);

    /// <summary>Courses that loaded, sorted by order then id.</summary>
    public IReadOnlyList<Course> Courses { get; }

    /// <summary>Labs that loaded, sorted by id.</summary>
    public IReadOnlyList<Lab> Labs { get; }

    /// <summary>Every problem found, sorted by file, line and column.</summary>
    public IReadOnlyList<ContentError> Errors { get; }

    /// <summary>When the snapshot was taken.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The course, or null when it does not exist or failed to load.</summary>
    public Course? FindCourse(CourseId id) => _courses.GetValueOrDefault(id.Value);

    /// <summary>The lesson, or null when it does not exist or failed to load.</summary>
    public Lesson? FindLesson(CourseId course, LessonId lesson) => FindCourse(course)?.FindLesson(lesson);

    /// <summary>The lab, or null when it does not exist or failed to load.</summary>
    public Lab? FindLab(LabId id) => _labs.GetValueOrDefault(id.Value);

    /// <summary>Loads everything under the configured folders. A missing folder is reported as an error.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static ContentCatalog Load(ContentOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ContentError>();
        var contentRoot = Path.GetFullPath(options.ContentRoot);
        var labsRoot = Path.GetFullPath(options.LabsRoot);
        var imagesRoot = Path.GetFullPath(options.ImagesRoot);
        foreach (var (path, key) in new[] { (contentRoot, "ContentRoot"), (labsRoot, "LabsRoot"), (imagesRoot, "ImagesRoot") })
        {
            if (!Directory.Exists(path))
            {
                errors.Add(new ContentError(path, 0, 0, $"The folder does not exist; create it or set {ContentOptions.SectionName}:{key} to the right path."));
            }
        }

        return Load(
            Directory.Exists(contentRoot) ? contentRoot : null,
            Directory.Exists(labsRoot) ? labsRoot : null,
            Directory.Exists(imagesRoot) ? imagesRoot : null,
            errors,
            cancellationToken);
    }

    /// <summary>Loads from the given folders; a null folder is skipped, and so are the checks that need it.</summary>
    internal static ContentCatalog Load(string? contentRoot, string? labsRoot, string? imagesRoot, List<ContentError> errors, CancellationToken cancellationToken)
    {
        var labResults = new Dictionary<string, LabLoadResult>(StringComparer.Ordinal);
        if (labsRoot is not null)
        {
            foreach (var directory in SubFolders(labsRoot))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = LabLoader.Load(directory, imagesRoot, cancellationToken);
                labResults[result.Id] = result;
                errors.AddRange(result.Errors);
            }
        }

        var courses = new List<Course>();
        if (contentRoot is not null)
        {
            foreach (var directory in SubFolders(contentRoot))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = CourseLoader.Load(directory, labsRoot is null ? null : labResults, cancellationToken);
                errors.AddRange(result.Errors);
                if (result.Course is not null)
                {
                    courses.Add(result.Course);
                }
            }
        }

        var labs = labResults.Values.Select(r => r.Lab).OfType<Lab>().OrderBy(l => l.Id.Value, StringComparer.Ordinal).ToList();
        courses.Sort((a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : string.CompareOrdinal(a.Id.Value, b.Id.Value));
        var sorted = errors
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)
            .ToList();
        return new ContentCatalog(courses, labs, sorted, DateTimeOffset.UtcNow);
    }

    // Folders starting with '.' or '_' are drafts and tooling, not content.
    private static IEnumerable<string> SubFolders(string root) =>
        Directory.EnumerateDirectories(root)
            .Where(d => Path.GetFileName(d) is { Length: > 0 } name && name[0] is not '.' and not '_')
            .Order(StringComparer.Ordinal);
}
