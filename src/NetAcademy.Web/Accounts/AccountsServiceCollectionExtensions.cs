using Microsoft.AspNetCore.Authentication.Cookies;
using NetAcademy.Web.Audit;
using NetAcademy.Web.Data;

namespace NetAcademy.Web.Accounts;

/// <summary>Registers accounts: the data layer, their stores, the audit log, options, the account service, the first-admin setup, cookie rules.</summary>
public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Adds accounts and the data layer. Call after AddAuthentication().AddCookie(): this completes the
    /// cookie's options (sign-in path, validation against the database, 401/403 for APIs and hubs).
    /// </summary>
    public static WebApplicationBuilder AddNetAcademyAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddNetAcademyPersistence(builder.Configuration);
        services.AddOptions<AccountsOptions>()
            .Bind(builder.Configuration.GetSection(AccountsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.LockoutDuration > TimeSpan.Zero && o.SetupLinkLifetime > TimeSpan.Zero && o.InvitationLifetime > TimeSpan.Zero,
                "Accounts: LockoutDuration, SetupLinkLifetime and InvitationLifetime must be positive.")
            .Validate(o => o.Guests.MaxActive is >= 1 and <= 100_000 && o.Guests.Lifetime > TimeSpan.Zero,
                "Accounts:Guests: MaxActive must be 1 to 100000 and Lifetime positive.")
            .ValidateOnStart();
        services.AddSingleton<AccountService>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<InvitationStore>();
        services.AddSingleton<SetupTokenStore>();
        services.AddSingleton<GuestStore>();
        services.AddSingleton<GuestIdentity>();
        services.AddSingleton<AdminSetup>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminSetup>());
        services.AddNetAcademyAudit();
        services.AddAccountRateLimits();
        services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            o.LoginPath = "/account/signin";
            o.LogoutPath = "/account/signout";
            o.AccessDeniedPath = "/account/denied";
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.Events.OnValidatePrincipal = CookiePrincipalValidator.ValidateAsync;
            // Scripts, hubs and scrapers get status codes, not a sign-in page.
            o.Events.OnRedirectToLogin = context => Redirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Redirect(context, StatusCodes.Status403Forbidden);
        });
        return builder;
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments(Monitoring.MonitoringExtensions.MetricsPath))
        {
            context.Response.StatusCode = apiStatus;
            // Not re-executed as the not-found page: a script must see 401/403.
            context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
