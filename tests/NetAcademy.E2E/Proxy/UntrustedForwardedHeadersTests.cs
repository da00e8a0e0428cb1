using System.Net;

namespace NetAcademy.E2E.Proxy;

/// <summary>
/// X-Forwarded-For/Proto/Host sent straight to the server by a peer that is not a configured proxy: by default (no
/// proxy trusted; ASP.NET Core's middleware would trust everyone with empty lists) and with another proxy configured.
/// The headers change nothing: cookies are not Secure, no HSTS, the hubs' own origin stays the real one, and every
/// forged client address shares the peer's sign-in bucket.
/// </summary>
public sealed class UntrustedForwardedHeadersTests
{
    private const int FormPostsPerMinute = 3;

    public static TheoryData<string> TrustedProxies => new() { "", "192.0.2.10" };

    [Theory]
    [MemberData(nameof(TrustedProxies))]
    public async Task ForwardedHeaders_FromAPeerNotConfiguredAsProxy_AreIgnored(string knownProxies)
    {
        var settings = new Dictionary<string, string>
        {
            ["Accounts__FormPostsPerMinute"] = FormPostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (knownProxies.Length > 0)
        {
            settings["Proxy__KnownProxies"] = knownProxies;
        }
        await using var server = await ServerProcess.StartAsync("e2e-" + Guid.NewGuid().ToString("n")[..8], settings: settings);
        using var client = new ClientAt(IPAddress.Loopback, server.BaseAddress);
        var forged = new Dictionary<string, string>
        {
            ["X-Forwarded-Proto"] = "https",
            ["X-Forwarded-Host"] = "academy.example.org",
            ["X-Forwarded-For"] = "203.0.113.1",
        };

        using (var page = await SendAsync(client, HttpMethod.Get, "/account/signin", forged))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.False(page.Headers.Contains("Strict-Transport-Security"), "HSTS sent for a forged X-Forwarded-Proto");
            var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
            Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        }

        // The origin the forged headers claim is not this server's; the real one is.
        using (var negotiate = await SendAsync(client, HttpMethod.Post, "/hubs/workspace/negotiate?negotiateVersion=1",
            new Dictionary<string, string>(forged) { ["Origin"] = "https://academy.example.org" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, negotiate.StatusCode);
        }
        using (var negotiate = await SendAsync(client, HttpMethod.Post, "/hubs/workspace/negotiate?negotiateVersion=1",
            new Dictionary<string, string>(forged) { ["Origin"] = server.BaseAddress.GetLeftPart(UriPartial.Authority) }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        }

        // Each post claims another client address; all count against the one real peer.
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i <= FormPostsPerMinute; i++)
        {
            using var post = await client.SignInAsync("nobody", "not the password at all",
                new Dictionary<string, string>(forged) { ["X-Forwarded-For"] = $"203.0.113.{10 + i}" });
            answers.Add(post.StatusCode);
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, FormPostsPerMinute), HttpStatusCode.TooManyRequests], answers);
    }

    private static async Task<HttpResponseMessage> SendAsync(ClientAt client, HttpMethod method, string path, IDictionary<string, string> headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("");
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.Http.SendAsync(request);
    }
}
