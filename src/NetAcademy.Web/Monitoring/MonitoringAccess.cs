using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NetAcademy.Web.Accounts;

namespace NetAcademy.Web.Monitoring;

/// <summary>
/// The rule for <c>/metrics</c> and the detail of <c>/health/ready</c>: a signed-in admin, or a request carrying
/// <see cref="MonitoringOptions.ScrapeToken"/> as a bearer token (compared in constant time).
/// </summary>
public static class MonitoringAccess
{
    /// <summary>Name of the authorization policy that applies the rule.</summary>
    public const string Policy = "netacademy.monitoring";

    /// <summary>True when the request may read metrics and health detail.</summary>
    public static bool IsAllowed(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.User.Identity?.IsAuthenticated == true && http.User.IsInRole(Roles.Admin))
        {
            return true;
        }
        var token = http.RequestServices.GetRequiredService<IOptions<MonitoringOptions>>().Value.ScrapeToken;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
