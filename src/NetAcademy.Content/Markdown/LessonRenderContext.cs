using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;

namespace NetAcademy.Content.Markdown;

/// <summary>What rendering one lesson needs to know about its surroundings.</summary>
/// <param name="Course">The course the lesson belongs to; relative URLs become <c>/content/&lt;course&gt;/...</c>.</param>
/// <param name="CourseDirectory">Absolute path of the course folder; relative image paths must exist inside it.</param>
/// <param name="LabId">The lab the lesson's front matter names, or null when it names none.</param>
/// <param name="Lab">The lesson's lab, when it names one and that lab loaded; task titles and run nodes are checked against it.</param>
/// <param name="LessonIds">Lesson ids of the course, for links to other lessons (<c>other-lesson.md</c>); null skips that check.</param>
public sealed record LessonRenderContext(CourseId Course, string CourseDirectory, LabId? LabId, Lab? Lab, IReadOnlySet<string>? LessonIds);
