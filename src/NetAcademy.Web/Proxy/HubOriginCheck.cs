using Microsoft.Extensions.Options;

namespace NetAcademy.Web.Proxy;

/// <summary>
/// Refuses, with 403, a hub request (<c>/hubs/...</c> and Blazor's circuit hub <c>/_blazor</c>: negotiate, WebSocket, long polling) or any WebSocket upgrade
/// whose Origin header names another site. A browser always sends Origin on WebSocket upgrades and on the negotiate
/// POST, and it sends the learner's cookies with them: without this check any page the learner visits could open
/// their terminals (cross-site WebSocket hijacking). Accepted: the request's own scheme, host and port (as seen after
/// the forwarded headers of a trusted proxy) and <see cref="ProxyOptions.AllowedOrigins"/>. A request without
/// Origin (not from a browser page) is not a cross-site request and passes.
/// </summary>
public sealed class HubOriginCheck(RequestDelegate next, IOptions<ProxyOptions> options, ILogger<HubOriginCheck> logger)
{
    private readonly IReadOnlySet<string> _allowed = options.Value.ParseAllowedOrigins();

    /// <summary>Checks the request, answers 403 or passes it on.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || !(request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/_blazor") || IsWebSocketUpgrade(request)) || IsAllowed(request, origin))
        {
            await next(context);
            return;
        }
        logger.LogWarning("Refused a {Method} {Path} from origin {Origin} (this server is {Scheme}://{Host}); an extra origin goes in Proxy:AllowedOrigins",
            request.Method, request.Path.Value, origin, request.Scheme, request.Host.Value);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        // A body keeps the status-code pages from turning this into the not-found page.
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("Cross-origin request refused.", context.RequestAborted);
    }

    private bool IsAllowed(HttpRequest request, string origin)
    {
        var key = ProxyOptions.OriginKey(origin);
        return key is not null && (key == ProxyOptions.OriginKey($"{request.Scheme}://{request.Host.Value}") || _allowed.Contains(key));
    }

    private static bool IsWebSocketUpgrade(HttpRequest request) =>
        request.Headers.Upgrade.Any(v => v is not null && v.Contains("websocket", StringComparison.OrdinalIgnoreCase));
}
