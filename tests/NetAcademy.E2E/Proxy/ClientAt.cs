using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace NetAcademy.E2E.Proxy;

/// <summary>
/// An HTTP client whose connections leave from a given loopback address (127.0.0.2, 127.0.0.3, ...), so nginx sees
/// distinct clients on one machine. Every connection goes to 127.0.0.1 whatever the host name, keeps cookies, does not
/// follow redirects and accepts a valid certificate or the one pinned (the front's self-signed one).
/// </summary>
public sealed partial class ClientAt : IDisposable
{
    /// <summary>Creates the client for connections from <paramref name="local"/> to the site at <paramref name="site"/>.</summary>
    /// <param name="pinnedCertificateHash">The SHA-1 hash (hex) of a certificate accepted although no authority vouches for it.</param>
    public ClientAt(IPAddress local, Uri site, string? pinnedCertificateHash = null)
    {
        Handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None
                || (pinnedCertificateHash is not null && certificate is not null && string.Equals(certificate.GetCertHashString(), pinnedCertificateHash, StringComparison.OrdinalIgnoreCase)) },
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = Cookies,
        };
        Http = new HttpClient(Handler, disposeHandler: false) { BaseAddress = site, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The client's cookies.</summary>
    public CookieContainer Cookies { get; } = new();

    /// <summary>The handler (for a WebSocket through <c>ClientWebSocket.ConnectAsync(uri, invoker, ct)</c>).</summary>
    public SocketsHttpHandler Handler { get; }

    /// <summary>The client.</summary>
    public HttpClient Http { get; }

    /// <summary>GETs the page of a form, then posts the form with the page's antiforgery token and <paramref name="headers"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, string formName, IDictionary<string, string> fields, IDictionary<string, string>? headers = null)
    {
        using var page = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = TokenPattern().Match(await page.Content.ReadAsStringAsync());
        Assert.True(token.Success, $"No antiforgery token on {url}.");
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Http.SendAsync(request);
    }

    /// <summary>Posts the sign-up form; 302 means the account was made and the client is signed in.</summary>
    public Task<HttpResponseMessage> SignUpAsync(string userName, string password) =>
        SubmitAsync("/account/signup", "signup", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    /// <summary>Posts the sign-in form; 302 on success, 200 with a message for wrong credentials, 429 past the limit.</summary>
    public Task<HttpResponseMessage> SignInAsync(string userName, string password, IDictionary<string, string>? headers = null) =>
        SubmitAsync("/account/signin", "signin", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }, headers);

    /// <inheritdoc />
    public void Dispose()
    {
        Http.Dispose();
        Handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
