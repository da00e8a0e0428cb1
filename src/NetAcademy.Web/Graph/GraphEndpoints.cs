using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Api;
using NetAcademy.Web.Limits;
using NetAcademy.Web.Workspace;

namespace NetAcademy.Web.Graph;

/// <summary>The interface graph of a session as JSON (docs/graph-format.md), for scripts, the CLI and tests.</summary>
public static class GraphEndpoints
{
    /// <summary>
    /// Maps <c>GET /api/sessions/{sessionId}/graph</c>: the owner's session graph; 404 for anyone else (observers
    /// included: observation goes through the observation hub, which audits it), 409 when not ready, 429 with the
    /// reason past the owner's graph reads per minute (shared with the live graph).
    /// </summary>
    public static IEndpointRouteBuilder MapGraphEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/sessions/{sessionId}/graph", async (string sessionId, HttpContext http, SessionManager sessions, GraphWatcher graphs, UserRateLimits limits) =>
        {
            LabSession session;
            try
            {
                session = sessions.GetOwned(sessionId, http.User.Identity?.Name ?? "");
            }
            catch (SessionAccessException)
            {
                return Results.NotFound(new ApiError("No such lab session."));
            }

            if (limits.Refusal(RateLimitedAction.GraphRead, http.User.Identity?.Name ?? "") is { } refusal)
            {
                return Results.Text(refusal, "text/plain; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests);
            }

            try
            {
                var graph = await graphs.GetGraphAsync(session, http.RequestAborted);
                return Results.Text(graph.ToJson(), "application/json");
            }
            catch (InvalidOperationException ex)
            {
                return Results.Conflict(new ApiError(ex.Message));
            }
        })
        .RequireAuthorization()
        .WithTags(LabEndpoints.Tag)
        .WithName("GetSessionGraph")
        .WithSummary("The interface graph of the caller's session (docs/graph-format.md).")
        .Produces(StatusCodes.Status200OK, typeof(System.Text.Json.JsonElement), "application/json")
        .Produces(StatusCodes.Status401Unauthorized)
        .Produces<ApiError>(StatusCodes.Status404NotFound)
        .Produces<ApiError>(StatusCodes.Status409Conflict)
        .Produces<string>(StatusCodes.Status429TooManyRequests, "text/plain");
        return endpoints;
    }
}
