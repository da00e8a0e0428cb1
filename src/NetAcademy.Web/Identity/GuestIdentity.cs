using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using NetAcademy.Web.Accounts;

namespace NetAcademy.Web.Identity;

/// <summary>
/// Guests, for demos (Accounts:AllowGuests): a browser without an account that starts a lab gets a signed
/// cookie with a random guest name. Sessions belong to that name, so one browser never sees another's
/// labs. Guests have no account: nothing to sign in to from another browser, no role, no password.
/// </summary>
public static class GuestIdentity
{
    /// <summary>Prefix of guest user names; account names may not start with it.</summary>
    public const string Prefix = "guest-";

    /// <summary>Signs a new guest in for this and later requests.</summary>
    public static async Task SignInGuestAsync(HttpContext context)
    {
        var name = Prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var principal = AccountClaims.CreateGuest(name);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = DateTimeOffset.UtcNow.AddDays(30) });
        context.User = principal;
    }
}
