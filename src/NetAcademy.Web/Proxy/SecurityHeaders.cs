namespace NetAcademy.Web.Proxy;

/// <summary>
/// Marks a page that hosts xterm.js terminals (and the workspace's cytoscape graph). xterm's DOM renderer writes
/// &lt;style&gt; elements (its theme, cell sizes) and style attributes (colours of output) from script, and cytoscape
/// adds a &lt;style&gt; element of its own, which <c>style-src 'self'</c> refuses (Chromium reports both); such pages get
/// <see cref="SecurityHeaders.TerminalPagePolicy"/>, every other response the strict <see cref="SecurityHeaders.Policy"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class TerminalPageAttribute : Attribute;

/// <summary>
/// Headers on every response (pages, files, API answers, errors): a Content-Security-Policy without inline or
/// evaluated script, no framing, no referrer to other sites, no MIME sniffing. Set when the response starts, so a
/// re-executed error page or a cleared response gets them too.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    // Everything from this server only: the pages load their scripts and styles from files (no inline <script>, no
    // on* attributes, no style attributes), hubs connect back to the same host ('self' covers ws:/wss: to it), and
    // there are no images, fonts, plugins or frames. form-action and base-uri stop an injected <form> or <base>.
    private const string Common =
        "default-src 'self'; script-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The policy of every response but terminal pages.</summary>
    public const string Policy = Common + "; style-src 'self'";

    /// <summary>The policy of pages marked <see cref="TerminalPageAttribute"/>: inline styles allowed, scripts still not.</summary>
    public const string TerminalPagePolicy = Common + "; style-src 'self' 'unsafe-inline'";

    /// <summary>Adds the headers when the response starts.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            var terminal = http.GetEndpoint()?.Metadata.GetMetadata<TerminalPageAttribute>() is not null;
            headers.ContentSecurityPolicy = terminal ? TerminalPagePolicy : Policy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
