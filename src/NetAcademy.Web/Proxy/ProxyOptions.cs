using System.Net;

namespace NetAcademy.Web.Proxy;

/// <summary>
/// Running behind a TLS reverse proxy, bound from the "Proxy" section and checked at start. By default no proxy is
/// trusted: X-Forwarded-For/Proto/Host are ignored and the client is whoever opened the connection.
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Proxy";

    /// <summary>
    /// Addresses of the reverse proxies whose X-Forwarded-* headers are honoured (e.g. <c>127.0.0.1</c> for an nginx
    /// on the same machine). Default: none. Also accepted as one comma-separated value.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/24</c>) whose proxies are trusted like <see cref="KnownProxies"/>. Default: none.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many proxies in a row are trusted: the right-most this many X-Forwarded-For entries are read, anything a
    /// client put before them is ignored. Default: 1 (one proxy in front of the app).
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>
    /// Origins (<c>https://host[:port]</c>) besides the request's own whose pages may open the hubs and WebSockets.
    /// Default: none (only pages served by this server).
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>True when at least one proxy or network is trusted.</summary>
    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>The trusted proxy addresses.</summary>
    /// <exception cref="FormatException">An entry is not an IP address.</exception>
    public IReadOnlyList<IPAddress> ParseKnownProxies() =>
        KnownProxies.Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new FormatException($"Proxy:KnownProxies: '{p}' is not an IP address.")).ToList();

    /// <summary>The trusted networks.</summary>
    /// <exception cref="FormatException">An entry is not an address/prefix network.</exception>
    public IReadOnlyList<IPNetwork> ParseKnownNetworks() =>
        KnownNetworks.Select(n => IPNetwork.TryParse(n, out var network)
            ? network
            : throw new FormatException($"Proxy:KnownNetworks: '{n}' is not a network such as 10.0.0.0/24.")).ToList();

    /// <summary>The extra allowed origins, normalised (<see cref="OriginKey"/>).</summary>
    /// <exception cref="FormatException">An entry is not an http(s) origin.</exception>
    public IReadOnlySet<string> ParseAllowedOrigins() =>
        AllowedOrigins.Select(o => OriginKey(o) ?? throw new FormatException($"Proxy:AllowedOrigins: '{o}' is not an origin such as https://academy.example.org.")).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// An origin as "scheme://host:port" with the default port written out and the host in lower case, or null when
    /// <paramref name="origin"/> is not an http(s) origin (a path, query or user info, or "null", is not).
    /// </summary>
    public static string? OriginKey(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }
        if ((uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.AbsolutePath != "/" || uri.Query.Length > 0
            || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }
        return $"{uri.Scheme}://{uri.IdnHost.ToLowerInvariant()}:{uri.Port}";
    }

    /// <summary>Splits entries given as one comma- or space-separated value (e.g. <c>Proxy__KnownProxies=127.0.0.1,::1</c>).</summary>
    internal static List<string> Split(IEnumerable<string> entries) =>
        entries.SelectMany(e => e.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
}
