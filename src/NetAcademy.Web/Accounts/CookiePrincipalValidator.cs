using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace NetAcademy.Web.Accounts;

/// <summary>
/// Checks each auth cookie against the database: a deleted account or a changed password (new security
/// stamp) ends the cookie; a changed role or display name is picked up at once, without signing in again. A guest
/// cookie ends with the guest's lifetime or when guests are turned off.
/// </summary>
public static class CookiePrincipalValidator
{
    /// <summary>The cookie handler's OnValidatePrincipal.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null)
        {
            return;
        }
        if (principal.HasClaim(c => c.Type == AccountClaims.Guest))
        {
            // A guest past Accounts:Guests:Lifetime, or any guest once guests are turned off, is anonymous again.
            if (!context.HttpContext.RequestServices.GetRequiredService<GuestIdentity>().IsCurrent(principal))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
            return;
        }
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var user = id is null ? null : await users.FindByIdAsync(id, context.HttpContext.RequestAborted);
        if (user is null || user.SecurityStamp != principal.FindFirstValue(AccountClaims.SecurityStamp))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (AccountClaims.RoleOf(principal) != user.Role || AccountClaims.ShownName(principal) != user.DisplayName)
        {
            context.ReplacePrincipal(AccountClaims.CreatePrincipal(user));
            context.ShouldRenew = true;
        }
    }
}
