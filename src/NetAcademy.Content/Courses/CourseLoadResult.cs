using NetAcademy.Content.Errors;

namespace NetAcademy.Content.Courses;

/// <summary>
/// The outcome of loading one course folder. <paramref name="Course"/> is null when course.yaml itself is
/// broken; a lesson with errors is left out of the course while the other lessons still load.
/// </summary>
/// <param name="Id">The folder name.</param>
/// <param name="Directory">Absolute path of the course folder.</param>
/// <param name="Course">The course, or null.</param>
/// <param name="Errors">Every problem found in course.yaml and the lessons.</param>
public sealed record CourseLoadResult(string Id, string Directory, Course? Course, IReadOnlyList<ContentError> Errors);
