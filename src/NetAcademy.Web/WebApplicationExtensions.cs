using NetAcademy.Web.Accounts;
using NetAcademy.Web.Api;
using NetAcademy.Web.Components;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Graph;
using NetAcademy.Web.Lessons;
using NetAcademy.Web.Monitoring;
using NetAcademy.Web.Packets;
using NetAcademy.Web.Pools;
using NetAcademy.Web.Proxy;
using NetAcademy.Web.Workspace;

namespace NetAcademy.Web;

/// <summary>The request pipeline and the endpoint map.</summary>
public static class WebApplicationExtensions
{
    /// <summary>Configures middleware and maps pages, hubs and API endpoints.</summary>
    public static WebApplication UseNetAcademyWeb(this WebApplication app)
    {
        // First: everything after it sees the client's address, scheme and host as the proxy received them.
        app.UseNetAcademyProxy();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseNetAcademyAccounts();
        app.UseAuthorization();
        app.UseAntiforgery();

        // The original liveness probe, kept for scripts and tests: the same as /health/live with the body "ok".
        app.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
        app.MapNetAcademyMonitoring();
        app.MapNetAcademyOpenApi();
        app.MapLabEndpoints();
        app.MapPoolEndpoints();
        app.MapGraphEndpoints();
        app.MapCaptureEndpoints();
        app.MapContentAssets();
        app.MapNetAcademyGrading();
        app.MapHub<WorkspaceHub>("/hubs/workspace");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
