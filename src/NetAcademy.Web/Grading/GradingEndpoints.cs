using System.Text;
using NetAcademy.Content.Catalog;
using NetAcademy.Core.Ids;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Instructor;

namespace NetAcademy.Web.Grading;

/// <summary>Endpoints of the grading feature: the instructors' CSV export and the read-only observation hub.</summary>
public static class GradingEndpoints
{
    /// <summary>Path of the observation hub.</summary>
    public const string ObservationHubPath = "/hubs/observe";

    /// <summary>
    /// Maps <c>/instructor/courses/{courseId}/progress.csv</c> and <see cref="ObservationHubPath"/>, both for instructors
    /// and admins, each scoped to the courses the caller teaches (<see cref="CourseStaff"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapNetAcademyGrading(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/instructor/courses/{courseId}/progress.csv", ExportAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Instructor));
        endpoints.MapHub<ObservationHub>(ObservationHubPath);
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(string courseId, ContentCatalogProvider catalog, ProgressStore progress, HttpContext http)
    {
        var current = catalog.Current;
        // Only for the course's staff; a course the caller does not teach is answered like an unknown one.
        if (!CourseId.TryParse(courseId, out var id) || current.FindCourse(id) is not { } course || !CourseStaff.Teaches(http.User, course))
        {
            return Results.NotFound();
        }

        var labs = course.Lessons.Select(l => l.Lab).OfType<LabId>().Distinct().ToList();
        var records = await progress.GetAllLearnersProgressAsync(labs, http.RequestAborted);
        string? TitleOf(string lab, string task) =>
            LabId.TryParse(lab, out var labId) ? current.FindLab(labId)?.Tasks.FirstOrDefault(t => t.Id.Value == task)?.Title : null;

        var text = new StringWriter();
        await ProgressCsv.WriteAsync(text, records, TitleOf, http.RequestAborted);
        return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{course.Id}-progress.csv");
    }
}
