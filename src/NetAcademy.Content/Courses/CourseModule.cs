namespace NetAcademy.Content.Courses;

/// <summary>A chapter of a course: a titled, ordered group of lessons.</summary>
/// <param name="Id">Module id, unique within the course.</param>
/// <param name="Title">Human title.</param>
/// <param name="Lessons">The lessons that loaded, in the order course.yaml lists them.</param>
public sealed record CourseModule(string Id, string Title, IReadOnlyList<Lesson> Lessons);
