using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NetAcademy.Content.Catalog;
using NetAcademy.Labs;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Accounts;

namespace NetAcademy.Web.Pools;

/// <summary>The admin's view and actions over the warm pools (sessions started before anyone asks; see <see cref="SessionManager"/>).</summary>
public static class PoolEndpoints
{
    /// <summary>Tag of the pool endpoints in the OpenAPI document.</summary>
    public const string Tag = "Warm pools";

    /// <summary>One lab's pool.</summary>
    /// <param name="Lab">Lab id.</param>
    /// <param name="Size">Warm sessions the pool keeps.</param>
    /// <param name="Ready">Warm sessions ready to be claimed.</param>
    /// <param name="Starting">Warm sessions still starting.</param>
    public sealed record LabPool(string Lab, int Size, int Ready, int Starting);

    /// <summary>Every pool, the memory they hold and whether filling is paused.</summary>
    /// <param name="Paused">True after a drain, until resumed.</param>
    /// <param name="BudgetMiB">Memory all warm sessions may hold together.</param>
    /// <param name="HeldMiB">Memory the warm sessions hold now (their nodes' limits).</param>
    /// <param name="Labs">The labs with a pool.</param>
    public sealed record PoolsState(bool Paused, int BudgetMiB, int HeldMiB, IReadOnlyList<LabPool> Labs);

    /// <summary>The drain's result.</summary>
    /// <param name="Stopped">Warm sessions stopped.</param>
    public sealed record DrainResult(int Stopped);

    /// <summary>Maps /api/admin/pools, /api/admin/pools/drain and /api/admin/pools/resume, for admins only.</summary>
    public static IEndpointRouteBuilder MapPoolEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/admin").RequireAuthorization(policy => policy.RequireRole(Roles.Admin)).WithTags(Tag);
        api.MapGet("/pools", Ok<PoolsState> (SessionManager sessions, ContentCatalogProvider catalog, IOptions<LabsOptions> options) =>
        {
            var warm = sessions.PooledSessions;
            var labs = catalog.Current.Labs
                .Select(lab => new LabPool(lab.Id.Value, sessions.PoolSize(lab),
                    warm.Count(s => s.Lab.Id == lab.Id && s.State == SessionState.Ready),
                    warm.Count(s => s.Lab.Id == lab.Id && s.State == SessionState.Starting)))
                .Where(p => p.Size > 0 || p.Ready > 0 || p.Starting > 0)
                .ToList();
            var held = warm.Where(s => s.State != SessionState.Stopped).Sum(s => s.Lab.MemoryMiB);
            return TypedResults.Ok(new PoolsState(sessions.PoolsPaused, options.Value.PoolMemoryBudgetMiB, held, labs));
        })
        .WithName("GetPools")
        .WithSummary("The warm pools: each lab's size, its ready and starting warm sessions, the memory they hold and whether filling is paused.")
        .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden);
        api.MapPost("/pools/drain", async Task<Ok<DrainResult>> (SessionManager sessions, CancellationToken ct) =>
            TypedResults.Ok(new DrainResult(await sessions.DrainPoolsAsync(ct))))
        .WithName("DrainPools")
        .WithSummary("Stops every warm session nobody has claimed and pauses filling until resumed. Claimed sessions are not touched.")
        .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden);
        api.MapPost("/pools/resume", NoContent (SessionManager sessions) =>
        {
            sessions.ResumePools();
            return TypedResults.NoContent();
        })
        .WithName("ResumePools")
        .WithSummary("Lets the pools fill again after a drain.")
        .Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden);
        return endpoints;
    }
}
