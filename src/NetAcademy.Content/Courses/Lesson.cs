using NetAcademy.Core.Ids;

namespace NetAcademy.Content.Courses;

/// <summary>A lesson from <c>content/&lt;course-id&gt;/&lt;lesson-id&gt;.md</c>, with its body rendered once at load.</summary>
/// <param name="Course">The course it belongs to.</param>
/// <param name="Id">The lesson id (the file name without .md).</param>
/// <param name="Title">Human title.</param>
/// <param name="Summary">One sentence for lists.</param>
/// <param name="Minutes">Estimated reading and lab time, or null.</param>
/// <param name="Prerequisites">Lessons of the same course to do first.</param>
/// <param name="Lab">The lab that opens beside the lesson, or null for a reading-only lesson.</param>
/// <param name="Tasks">The lab tasks the lesson covers: the front matter's list, or else its <c>:::task</c> blocks in order.</param>
/// <param name="Html">The rendered body, safe to insert into a page as is.</param>
/// <param name="SourcePath">Absolute path of the Markdown file.</param>
public sealed record Lesson(
    CourseId Course,
    LessonId Id,
    string Title,
    string Summary,
    int? Minutes,
    IReadOnlyList<LessonId> Prerequisites,
    LabId? Lab,
    IReadOnlyList<TaskId> Tasks,
    string Html,
    string SourcePath);
