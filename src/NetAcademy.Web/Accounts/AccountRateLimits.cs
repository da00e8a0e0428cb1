using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace NetAcademy.Web.Accounts;

/// <summary>
/// The rate limit on the account forms: posts per client address per minute (Accounts:FormPostsPerMinute).
/// Pages opt in with <c>[EnableRateLimiting(AccountRateLimits.Forms)]</c>; showing a form (GET) is never limited.
/// </summary>
public static class AccountRateLimits
{
    /// <summary>Policy name.</summary>
    public const string Forms = "account-forms";

    /// <summary>Adds the policy.</summary>
    public static IServiceCollection AddAccountRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                // A body keeps the status-code pages from turning this into the not-found page.
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many attempts from your address. Wait a minute and try again.", cancellationToken);
            };
            o.AddPolicy(Forms, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }
                var permits = http.RequestServices.GetRequiredService<IOptions<AccountsOptions>>().Value.FormPostsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }
}
