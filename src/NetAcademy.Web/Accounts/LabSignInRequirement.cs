using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Options;
using NetAcademy.Web.Components.Pages.Lessons;
using NetAcademy.Web.Components.Pages.Workspace;
using NetAcademy.Web.Identity;

namespace NetAcademy.Web.Accounts;

/// <summary>
/// Lesson text is public, labs are not: the workspace page, and any form posted on a lesson page (Start
/// lab), require a signed-in account. Anonymous visitors are sent to sign in and come back
/// (returnUrl), or, with Accounts:AllowGuests, become a guest for this browser.
/// </summary>
/// <remarks>
/// Matched by the page's component type from endpoint metadata, so routes can change without this
/// going stale and the pages need no attribute (the lesson page must stay readable anonymously).
/// </remarks>
public sealed class LabSignInRequirement
{
    private readonly RequestDelegate _next;
    private readonly AccountsOptions _options;

    /// <summary>Creates the middleware.</summary>
    public LabSignInRequirement(RequestDelegate next, IOptions<AccountsOptions> options)
    {
        _next = next;
        _options = options.Value;
    }

    /// <summary>Whether the request needs an identity.</summary>
    public static bool Applies(HttpContext context)
    {
        var page = context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
        return page == typeof(WorkspacePage) || (page == typeof(LessonPage) && HttpMethods.IsPost(context.Request.Method));
    }

    private static bool IsLessonPage(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type == typeof(LessonPage);

    /// <summary>Challenges or signs a guest in, as configured, before the page runs.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true && Applies(context))
        {
            if (!_options.AllowGuests)
            {
                // The cookie handler turns this into a redirect to /account/signin?returnUrl=<this page>.
                await context.ChallengeAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return;
            }
            await GuestIdentity.SignInGuestAsync(context);
        }
        else if (context.User.Identity?.IsAuthenticated != true && _options.AllowGuests && IsLessonPage(context))
        {
            // The lesson's Start form carries an antiforgery token bound to the user who got the page: a guest
            // made only when the form is posted would not match it, and the post would fail with 400.
            await GuestIdentity.SignInGuestAsync(context);
        }
        await _next(context);
    }
}
