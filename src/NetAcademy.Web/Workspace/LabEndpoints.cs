using Microsoft.AspNetCore.Http.HttpResults;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Api;

namespace NetAcademy.Web.Workspace;

/// <summary>JSON endpoints over lab sessions, for scripts, the CLI and tests. Every one checks ownership.</summary>
public static class LabEndpoints
{
    /// <summary>Tag of the session endpoints in the OpenAPI document.</summary>
    public const string Tag = "Sessions";

    /// <summary>Maps /api/sessions/....</summary>
    public static IEndpointRouteBuilder MapLabEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/sessions").RequireAuthorization().WithTags(Tag);
        api.MapGet("/{sessionId}", Results<Ok<SessionSnapshot>, NotFound<ApiError>> (string sessionId, HttpContext http, SessionManager sessions) =>
        {
            try
            {
                return TypedResults.Ok(sessions.GetOwned(sessionId, http.User.Identity?.Name ?? "").Snapshot());
            }
            catch (SessionAccessException)
            {
                return TypedResults.NotFound(new ApiError("No such lab session."));
            }
        })
        .WithName("GetSession")
        .WithSummary("The caller's lab session: state (a number: Starting 0, Ready 1, Failed 2, Stopping 3, Stopped 4), start steps, nodes, times.")
        .Produces(StatusCodes.Status401Unauthorized);
        return endpoints;
    }
}
