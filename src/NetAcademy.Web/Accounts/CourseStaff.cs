using System.Security.Claims;
using NetAcademy.Content.Catalog;
using NetAcademy.Content.Courses;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Accounts;

/// <summary>
/// Who teaches what: an instructor teaches the courses whose course.yaml lists their user name under
/// <c>instructors:</c>; an admin teaches every course. Teaching a course is what lets someone see its learners'
/// progress and observe the labs of its lessons. Read from the current catalog on every call, so a content reload
/// that adds or removes a name applies at once.
/// </summary>
public sealed class CourseStaff
{
    private readonly ContentCatalogProvider _catalog;

    /// <summary>Creates the service.</summary>
    public CourseStaff(ContentCatalogProvider catalog) => _catalog = catalog;

    /// <summary>True when <paramref name="user"/> is an admin, or an instructor listed in the course.</summary>
    public static bool Teaches(ClaimsPrincipal user, Course course) =>
        user.IsInRole(Roles.Admin)
        || (user.IsInRole(Roles.Instructor) && user.Identity?.Name is { } name && course.Instructors.Contains(name));

    /// <summary>The courses <paramref name="user"/> teaches, in catalog order.</summary>
    public IReadOnlyList<Course> CoursesTaughtBy(ClaimsPrincipal user) =>
        _catalog.Current.Courses.Where(c => Teaches(user, c)).ToList();

    /// <summary>
    /// True when <paramref name="user"/> may observe someone else's session: an admin always, an instructor when they
    /// teach a course with a lesson on the session's lab. A session records its lab, not the lesson it was started
    /// from, so a lab shared by two courses is open to the instructors of both.
    /// </summary>
    public bool MayObserve(ClaimsPrincipal user, LabSession session) =>
        user.IsInRole(Roles.Admin)
        || _catalog.Current.Courses.Any(c => Teaches(user, c) && c.Lessons.Any(l => l.Lab == session.Lab.Id));
}
