using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using NetAcademy.Web.Audit;

namespace NetAcademy.Web.Accounts;

/// <summary>The accounts part of the pipeline and its one non-page endpoint.</summary>
public static class AccountsApplicationExtensions
{
    /// <summary>
    /// Between UseAuthentication and UseAuthorization: the sign-in rate limit, the sign-in requirement of
    /// labs (or guests, when allowed), and POST /account/signout.
    /// </summary>
    public static WebApplication UseNetAcademyAccounts(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<LabSignInRequirement>();
        app.MapPost("/account/signout", SignOutAsync).DisableAntiforgery();
        return app;
    }

    // Antiforgery is checked here rather than by the middleware so a bad post is a plain 400.
    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, IAuditLog audit)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.BadRequest("The sign-out form expired; reload the page and try again.");
        }
        if (http.User.Identity?.IsAuthenticated == true)
        {
            await audit.RecordAsync(http.User.Identity.Name, AuditKinds.SignOut, null, null, http.RequestAborted);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        return Results.Redirect("/");
    }
}
