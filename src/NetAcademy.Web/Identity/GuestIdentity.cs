using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace NetAcademy.Web.Identity;

/// <summary>
/// Until accounts exist, every browser is its own learner: the first request gets a signed cookie with a
/// random guest name. Sessions belong to that name, so one browser can never see another's labs.
/// </summary>
public static class GuestIdentity
{
    /// <summary>Prefix of guest user names.</summary>
    public const string Prefix = "guest-";

    /// <summary>Middleware that signs a new guest in when the request has no identity.</summary>
    public static IApplicationBuilder UseGuestIdentity(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated != true && !context.Request.Path.StartsWithSegments("/hubs"))
        {
            var name = Prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
            var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme));
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
                new AuthenticationProperties { IsPersistent = true, ExpiresUtc = DateTimeOffset.UtcNow.AddDays(30) });
            context.User = principal;
        }
        await next();
    });
}
