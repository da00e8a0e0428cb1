using NetAcademy.Core.Ids;

namespace NetAcademy.Content.Courses;

/// <summary>A course from <c>content/&lt;course-id&gt;/course.yaml</c>.</summary>
/// <param name="Id">The course id (the folder name).</param>
/// <param name="Title">Human title.</param>
/// <param name="Summary">One or two sentences for the catalog page.</param>
/// <param name="Order">Sort key on the catalog page (ascending, then by id).</param>
/// <param name="Modules">Modules in display order; each lists only the lessons that loaded.</param>
/// <param name="Directory">Absolute path of the course folder (lessons, images and diagrams).</param>
public sealed record Course(CourseId Id, string Title, string Summary, int Order, IReadOnlyList<CourseModule> Modules, string Directory)
{
    /// <summary>
    /// User names of the course's instructors (course.yaml <c>instructors:</c>): the instructor accounts that may see
    /// its learners' progress and observe their labs. Admins may do so for every course without being listed.
    /// </summary>
    public IReadOnlySet<string> Instructors { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>All loaded lessons in reading order.</summary>
    public IEnumerable<Lesson> Lessons => Modules.SelectMany(m => m.Lessons);

    /// <summary>The lesson with that id, or null (also when the lesson failed to load).</summary>
    public Lesson? FindLesson(LessonId id) => Lessons.FirstOrDefault(l => l.Id == id);
}
