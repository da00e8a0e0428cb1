using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace NetAcademy.Web.Proxy;

/// <summary>
/// Serving behind a TLS reverse proxy: forwarded headers from configured proxies only, Secure cookies and HSTS when
/// the original request was HTTPS, security headers on every response, and the Origin check of hubs and WebSockets.
/// </summary>
public static class ProxyExtensions
{
    /// <summary>Registers the options (checked at start) and the forwarded-headers, HSTS and cookie settings.</summary>
    public static WebApplicationBuilder AddNetAcademyProxy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(ProxyOptions.Section);
        services.AddOptions<ProxyOptions>()
            .Bind(section)
            .PostConfigure(o =>
            {
                // One comma-separated value (Proxy__KnownProxies=127.0.0.1,::1) as well as a list.
                o.KnownProxies = ProxyOptions.Split([.. o.KnownProxies, section[nameof(ProxyOptions.KnownProxies)] ?? ""]);
                o.KnownNetworks = ProxyOptions.Split([.. o.KnownNetworks, section[nameof(ProxyOptions.KnownNetworks)] ?? ""]);
                o.AllowedOrigins = ProxyOptions.Split([.. o.AllowedOrigins, section[nameof(ProxyOptions.AllowedOrigins)] ?? ""]);
            })
            .Validate(o => Parses(o.ParseKnownProxies), "Proxy:KnownProxies must list IP addresses (e.g. 127.0.0.1).")
            .Validate(o => Parses(o.ParseKnownNetworks), "Proxy:KnownNetworks must list networks (e.g. 10.0.0.0/24).")
            .Validate(o => Parses(o.ParseAllowedOrigins), "Proxy:AllowedOrigins must list origins (e.g. https://academy.example.org).")
            .Validate(o => o.ForwardLimit is >= 1 and <= 10, "Proxy:ForwardLimit must be between 1 and 10.")
            .ValidateOnStart();

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.ForwardLimit = proxy.Value.ForwardLimit;
            // ASP.NET Core trusts loopback by default; here only what is configured is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.ParseKnownProxies())
            {
                forwarded.KnownProxies.Add(address);
            }
            foreach (var network in proxy.Value.ParseKnownNetworks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });

        // Secure whenever the request (as the proxy saw it) was HTTPS: the auth cookie (SameAsRequest is the cookie
        // handler's default, said here so it stays), the antiforgery cookie (whose default is never Secure), and any
        // other cookie through the cookie policy.
        services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(
            Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme,
            o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        // HSTS for HTTPS requests only; UseHsts never sends it over HTTP, nor for localhost, 127.0.0.1 and [::1].
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    /// <summary>
    /// First in the pipeline: forwarded headers (only when a proxy is configured: the middleware trusts everyone
    /// when its lists are empty), HSTS, the security headers, the Origin check and the cookie policy.
    /// </summary>
    public static WebApplication UseNetAcademyProxy(this WebApplication app)
    {
        var proxy = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        if (proxy.TrustsAnyProxy)
        {
            app.UseForwardedHeaders();
        }
        app.UseHsts();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<HubOriginCheck>();
        app.UseCookiePolicy();
        return app;
    }

    private static bool Parses<T>(Func<T> parse)
    {
        try
        {
            parse();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
