using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Options;
using NetAcademy.Web.Lessons;
using NetAcademy.Web.Workspace;


namespace NetAcademy.Web.Accounts;

/// <summary>
/// Lesson text is public, labs are not: the workspace page, and any form posted on a lesson page (Start
/// lab), require a signed-in account. Anonymous visitors are sent to sign in and come back
/// (returnUrl), or, with Accounts:AllowGuests, become a guest for this browser while a guest place is free
/// (Accounts:Guests:MaxActive); when none is, they get 503 with a sentence saying so.
/// </summary>
/// <remarks>
/// Matched by the page's component type from endpoint metadata, so routes can change without this
/// going stale and the pages need no attribute (the lesson page must stay readable anonymously).
/// </remarks>
public sealed class LabSignInRequirement
{
    private readonly RequestDelegate _next;
    private readonly AccountsOptions _options;
    private readonly GuestIdentity _guests;

    /// <summary>Creates the middleware.</summary>
    public LabSignInRequirement(RequestDelegate next, IOptions<AccountsOptions> options, GuestIdentity guests)
    {
        _next = next;
        _options = options.Value;
        _guests = guests;
    }

    /// <summary>Whether the request needs an identity.</summary>
    public static bool Applies(HttpContext context)
    {
        var page = context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
        return page == typeof(WorkspacePage) || (page == typeof(LessonPage) && HttpMethods.IsPost(context.Request.Method));
    }

    private static bool IsLessonPage(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type == typeof(LessonPage);

    /// <summary>Challenges, signs a guest in or refuses one, as configured, before the page runs.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var anonymous = context.User.Identity?.IsAuthenticated != true;
        var isGuest = !anonymous && context.User.HasClaim(c => c.Type == AccountClaims.Guest);
        if (Applies(context) && (anonymous || isGuest))
        {
            if (anonymous && !_options.AllowGuests)
            {
                // The cookie handler turns this into a redirect to /account/signin?returnUrl=<this page>.
                await context.ChallengeAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return;
            }
            if (!await _guests.TryAdmitAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(_guests.FullMessage, context.RequestAborted);
                return;
            }
        }
        else if (anonymous && _options.AllowGuests && IsLessonPage(context))
        {
            // The lesson's Start form carries an antiforgery token bound to the user who got the page: a guest
            // made only when the form is posted would not match it, and the post would fail with 400. Reading takes
            // no guest place; starting a lab does.
            await _guests.SignInAsync(context);
        }
        await _next(context);
    }
}
