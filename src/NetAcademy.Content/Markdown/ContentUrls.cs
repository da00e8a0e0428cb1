using NetAcademy.Core.Ids;

namespace NetAcademy.Content.Markdown;

/// <summary>
/// The site URLs rendered lessons point at. The web app must serve them: <c>/content/&lt;course&gt;/&lt;path&gt;</c>
/// for files beside the lessons (with path-traversal protection) and <c>/courses/&lt;course&gt;/&lt;lesson&gt;</c>
/// for lesson pages.
/// </summary>
public static class ContentUrls
{
    /// <summary>URL of a file stored in a course folder; <paramref name="path"/> is '/'-separated, already normalised.</summary>
    public static string Asset(CourseId course, string path) => $"/content/{course.Value}/{path}";

    /// <summary>URL of a lesson page.</summary>
    public static string Lesson(CourseId course, string lesson) => $"/courses/{course.Value}/{lesson}";
}
