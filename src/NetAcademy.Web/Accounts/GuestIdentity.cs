using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace NetAcademy.Web.Accounts;

/// <summary>
/// Guests, for demos (Accounts:AllowGuests): a browser without an account gets a signed cookie with a random guest
/// name. Sessions belong to that name, so one browser never sees another's labs. Guests have no account: nothing to
/// sign in to from another browser, no role, no password. Limited by Accounts:Guests: a guest identity lasts
/// <see cref="GuestOptions.Lifetime"/> from its first visit (then the cookie stops working), and at most
/// <see cref="GuestOptions.MaxActive"/> guests at once may start labs (a place is taken at the first lab and frees
/// when the guest expires); reading a lesson takes no place.
/// </summary>
public sealed class GuestIdentity
{
    /// <summary>Prefix of guest user names; account names may not start with it.</summary>
    public const string Prefix = "guest-";

    private readonly GuestStore _store;
    private readonly AccountsOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public GuestIdentity(GuestStore store, IOptions<AccountsOptions> options, TimeProvider time)
    {
        _store = store;
        _options = options.Value;
        _time = time;
    }

    /// <summary>Whether guests are on.</summary>
    public bool Enabled => _options.AllowGuests;

    /// <summary>
    /// Whether a guest principal still works: guests are on and it is younger than the lifetime. Accounts are not
    /// this method's business (true).
    /// </summary>
    public bool IsCurrent(ClaimsPrincipal principal)
    {
        if (!principal.HasClaim(c => c.Type == AccountClaims.Guest))
        {
            return true;
        }
        return _options.AllowGuests && AccountClaims.GuestSinceOf(principal) is { } since && since + _options.Guests.Lifetime > _time.GetUtcNow();
    }

    /// <summary>Signs a new guest in for this and later requests, without taking a place (for reading a lesson).</summary>
    public Task SignInAsync(HttpContext context) => SignInAsync(context, NewName(), _time.GetUtcNow());

    /// <summary>
    /// Makes sure the request's user may use labs as a guest: signs a new guest in when the visitor has no identity,
    /// and takes a guest place if it has none. False (nothing signed in) when every place is in use.
    /// </summary>
    public async Task<bool> TryAdmitAsync(HttpContext context)
    {
        var now = _time.GetUtcNow();
        var existing = AccountClaims.GuestSinceOf(context.User);
        var name = existing is null ? NewName() : context.User.Identity!.Name!;
        var since = existing ?? now;
        if (!await _store.TryTakeAsync(name, since, since + _options.Guests.Lifetime, now, _options.Guests.MaxActive, context.RequestAborted))
        {
            return false;
        }
        if (existing is null)
        {
            await SignInAsync(context, name, since);
        }
        return true;
    }

    /// <summary>What a visitor is told when every guest place is in use.</summary>
    public string FullMessage =>
        $"All {_options.Guests.MaxActive} guest places on this server are in use. Sign in with an account, or try again later: " +
        $"a guest place frees at most {Describe(_options.Guests.Lifetime)} after it was taken.";

    private async Task SignInAsync(HttpContext context, string name, DateTimeOffset since)
    {
        var principal = AccountClaims.CreateGuest(name, since);
        // Not sliding: a guest lasts the lifetime from its first visit, however busy.
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
            new AuthenticationProperties { IsPersistent = true, IssuedUtc = since, ExpiresUtc = since + _options.Guests.Lifetime, AllowRefresh = false });
        context.User = principal;
    }

    private static string NewName() => Prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    private static string Describe(TimeSpan span) => span.TotalHours >= 1
        ? span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h"
        : Math.Ceiling(span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min";
}
