using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace NetAcademy.Web.Accounts;

/// <summary>
/// What the auth cookie carries: the account id, the user name as the identity's Name (lab sessions
/// belong to it), the display name, the role claims and the security stamp.
/// </summary>
public static class AccountClaims
{
    /// <summary>Claim with the display name.</summary>
    public const string DisplayName = "netacademy:display-name";

    /// <summary>Claim with the security stamp the cookie was issued for.</summary>
    public const string SecurityStamp = "netacademy:stamp";

    /// <summary>Claim present on guest identities (Accounts:AllowGuests).</summary>
    public const string Guest = "netacademy:guest";

    /// <summary>The principal for a signed-in account.</summary>
    public static ClaimsPrincipal CreatePrincipal(UserAccount user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName),
            new(DisplayName, user.DisplayName),
            new(SecurityStamp, user.SecurityStamp),
        };
        claims.AddRange(Roles.Implied(user.Role).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>Claim with the time a guest identity was made, Unix milliseconds (its lifetime counts from it).</summary>
    public const string GuestSince = "netacademy:guest-since";

    /// <summary>The principal of an anonymous guest with a random name, made at <paramref name="since"/>.</summary>
    public static ClaimsPrincipal CreateGuest(string name, DateTimeOffset since) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, name), new Claim(DisplayName, "Guest"), new Claim(Guest, "1"),
            new Claim(GuestSince, since.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>When a guest identity was made; null for accounts and for guest cookies without the claim (older ones).</summary>
    public static DateTimeOffset? GuestSinceOf(ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == Guest) && long.TryParse(user.FindFirstValue(GuestSince), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    /// <summary>The name to show for a principal.</summary>
    public static string ShownName(ClaimsPrincipal user) => user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? "";

    /// <summary>The role the principal's claims grant (the highest).</summary>
    public static AccountRole RoleOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) ? AccountRole.Admin : user.IsInRole(Roles.Instructor) ? AccountRole.Instructor : AccountRole.Learner;
}
