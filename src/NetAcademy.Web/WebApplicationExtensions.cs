using NetAcademy.Web.Components;
using NetAcademy.Web.Endpoints;
using NetAcademy.Web.Hubs;
using NetAcademy.Web.Identity;

namespace NetAcademy.Web;

/// <summary>The request pipeline and the endpoint map.</summary>
public static class WebApplicationExtensions
{
    /// <summary>Configures middleware and maps pages, hubs and API endpoints.</summary>
    public static WebApplication UseNetAcademyWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseGuestIdentity();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapLabEndpoints();
        app.MapContentAssets();
        app.MapHub<WorkspaceHub>("/hubs/workspace");
        app.MapRazorComponents<App>();
        return app;
    }
}
