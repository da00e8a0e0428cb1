using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Endpoints;

/// <summary>JSON endpoints over lab sessions, for scripts, the CLI and tests. Every one checks ownership.</summary>
public static class LabEndpoints
{
    /// <summary>Maps /api/sessions/....</summary>
    public static IEndpointRouteBuilder MapLabEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/sessions").RequireAuthorization();
        api.MapGet("/{sessionId}", (string sessionId, HttpContext http, SessionManager sessions) =>
        {
            try
            {
                return Results.Ok(sessions.GetOwned(sessionId, http.User.Identity?.Name ?? "").Snapshot());
            }
            catch (SessionAccessException)
            {
                return Results.NotFound(new { error = "No such lab session." });
            }
        });
        return endpoints;
    }
}
