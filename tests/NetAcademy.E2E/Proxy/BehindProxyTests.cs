using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Proxy;

/// <summary>
/// The platform behind Debian's nginx over TLS, configured from deploy/nginx/netacademy.conf, with the server trusting
/// nginx's loopback address: a learner's whole path in Chromium (sign in, lab, terminal, capture) under the server's
/// Content-Security-Policy, Secure cookies and security headers; per-client sign-in limits for clients nginx tells apart;
/// hubs and WebSockets refused to foreign origins.
/// </summary>
public sealed class BehindProxyTests : IClassFixture<ProxyFixture>
{
    private static readonly IPAddress ClientA = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress ClientB = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress ClientC = IPAddress.Parse("127.0.0.4");
    private static readonly IPAddress ClientD = IPAddress.Parse("127.0.0.5");
    private readonly ProxyFixture _fixture;

    public BehindProxyTests(ProxyFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Browser_ThroughTls_SignsInRunsALabTerminalAndCapture_SecureCookiesHeadersAndNoCspViolation()
    {
        var violations = new List<string>();
        var learner = await _fixture.NewPageAsync();
        await WatchCspAsync(learner, violations);
        var name = await learner.Locator("[data-role=user-name]").GetAttributeAsync("title");
        await learner.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await learner.GotoAsync("/account/signin");
        await learner.Locator("input[name='Input.UserName']").FillAsync(name!);
        await learner.Locator("input[name='Input.Password']").FillAsync(BrowserFixture.PasswordOf(name!));
        await learner.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(learner.Locator("[data-role=user-name]")).ToHaveAttributeAsync("title", name!);

        var home = await learner.GotoAsync("/");
        Assert.StartsWith(_fixture.Front.Origin, learner.Url, StringComparison.Ordinal);
        await AssertSecurityHeadersAsync(home!, hsts: true);
        var cookies = await learner.Context.CookiesAsync();
        var auth = Assert.Single(cookies, c => c.Name == "netacademy.auth");
        Assert.True(auth.Secure, "the auth cookie is not Secure behind the TLS proxy");
        Assert.True(auth.HttpOnly);
        var antiforgery = Assert.Single(cookies, c => c.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.True(antiforgery.Secure, "the antiforgery cookie is not Secure behind the TLS proxy");

        await LabPage.OpenVethLessonAsync(learner);
        var sessionId = await LabPage.StartAsync(learner);
        try
        {
            Assert.Equal(TerminalPolicy, await learner.EvaluateAsync<string>("async () => (await fetch(location.href)).headers.get('content-security-policy')"));
            var terminal = new TerminalDriver(learner, "host1");
            await terminal.RunAndWaitAsync("echo through-the-proxy-$((6*7))", "typed");
            Assert.Contains("through-the-proxy-42", await terminal.ScreenAsync(), StringComparison.Ordinal);

            await LabPage.JoinRedAndBlueAsync(terminal);
            var packets = await LabPage.CaptureIcmpOnRedAsync(learner);
            await terminal.RunAndWaitAsync("ip netns exec blue ping -c 2 -i 0.3 10.0.0.1 >/dev/null", "ping-done");
            await Expect(packets.Locator("tbody tr", new() { HasTextString = "ICMP echo request" }).First).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^IPv4 10.0.0.2 > 10.0.0.1 / ICMP echo request"));
            AssertNoViolations(violations, "sign-in, catalog, lesson and workspace");

            // Staff pages through the proxy, the observation page with the learner's terminal among them.
            var admin = await _fixture.NewSignedInPageAsync("admin");
            await WatchCspAsync(admin, violations);
            foreach (var path in new[] { "/instructor", "/instructor/courses/linux-networking", "/admin/users" })
            {
                var response = await admin.GotoAsync(path);
                Assert.Equal(200, response!.Status);
                await AssertSecurityHeadersAsync(response, hsts: true);
            }
            await admin.GotoAsync($"/instructor/sessions/{sessionId}");
            await Expect(admin.Locator("#observe .terminal-pane[data-node=host1]")).ToHaveAttributeAsync("data-attached", "true");
            await Expect(admin.Locator("#observe .terminal-pane[data-node=host1] .xterm-rows")).ToContainTextAsync("through-the-proxy-42");
            AssertNoViolations(violations, "instructor, admin and observation pages");
            await admin.Context.CloseAsync();
        }
        finally
        {
            await LabPage.StopAsync(learner);
        }
    }

    [Fact]
    public async Task SignInLimit_TwoClientsBehindTheProxy_EachHasItsOwnBucket()
    {
        using var a = new ClientAt(ClientA, _fixture.SiteAddress, _fixture.Front.CertificateHash);
        using var b = new ClientAt(ClientB, _fixture.SiteAddress, _fixture.Front.CertificateHash);
        var userName = "rl" + Guid.NewGuid().ToString("n")[..10];
        using (var signedUp = await b.SignUpAsync(userName, BrowserFixture.PasswordOf(userName)))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedUp.StatusCode);
        }

        // Client A guesses passwords of a user that does not exist until the limit stops it.
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < ProxyFixture.FormPostsPerMinute * 3 && !answers.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var guess = await a.SignInAsync("nobody-" + i, "not the password at all");
            answers.Add(guess.StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
        Assert.All(answers[..^1], s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(ProxyFixture.FormPostsPerMinute, answers.Count - 1);

        // A stays limited, also when it claims another address in X-Forwarded-For (nginx appends the real one, the
        // server reads only that last entry) ...
        using (var again = await a.SignInAsync(userName, BrowserFixture.PasswordOf(userName), new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.9" }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
            Assert.Contains("Too many attempts from your address", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // ... while B, another client of the same nginx, signs in.
        using var signedIn = await b.SignInAsync(userName, BrowserFixture.PasswordOf(userName));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task Hubs_ThroughTheProxy_ForeignOriginRefused403_OwnOriginNegotiatesAndUpgrades()
    {
        using var client = new ClientAt(ClientC, _fixture.SiteAddress, _fixture.Front.CertificateHash);
        var userName = "or" + Guid.NewGuid().ToString("n")[..10];
        using (var signedUp = await client.SignUpAsync(userName, BrowserFixture.PasswordOf(userName)))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedUp.StatusCode);
        }
        var own = _fixture.Front.Origin;

        foreach (var foreign in new[] { "https://evil.example", $"http://{NginxFront.HostName}:{_fixture.Front.HttpsPort}", "null" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await NegotiateStatusAsync(client, "/hubs/workspace", foreign));
            Assert.Equal(HttpStatusCode.Forbidden, await NegotiateStatusAsync(client, "/hubs/observe", foreign));
        }
        Assert.Equal(HttpStatusCode.OK, await NegotiateStatusAsync(client, "/hubs/workspace", own));

        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(client, "https://evil.example"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(client, own));
    }

    [Fact]
    public async Task Headers_OnPagesFilesApiAndErrors_AndPlainHttpRedirectsToHttps()
    {
        using var client = new ClientAt(ClientD, _fixture.SiteAddress, _fixture.Front.CertificateHash);
        foreach (var path in new[] { "/", "/css/site.css", "/healthz", "/no-such-page", "/api/sessions/nope" })
        {
            using var response = await client.Http.GetAsync(path);
            Assert.Equal(Policy, Header(response, "Content-Security-Policy"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
            Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
        }

        using var plain = await client.Http.GetAsync(new Uri($"http://{NginxFront.HostName}:{_fixture.Front.HttpPort}/courses?x=1"));
        Assert.Equal(HttpStatusCode.MovedPermanently, plain.StatusCode);
        Assert.Equal(new Uri($"{_fixture.Front.Origin}/courses?x=1"), plain.Headers.Location);
    }

    /// <summary>The policy of every response but terminal pages (SecurityHeaders.Policy).</summary>
    private const string Policy =
        "default-src 'self'; script-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; style-src 'self'";

    /// <summary>The workspace's and the observation page's (xterm writes style elements and attributes).</summary>
    private const string TerminalPolicy =
        "default-src 'self'; script-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; style-src 'self' 'unsafe-inline'";

    private static async Task AssertSecurityHeadersAsync(IResponse response, bool hsts)
    {
        var headers = await response.AllHeadersAsync();
        Assert.Equal(Policy, headers.GetValueOrDefault("content-security-policy"));
        Assert.Equal("DENY", headers.GetValueOrDefault("x-frame-options"));
        Assert.Equal("nosniff", headers.GetValueOrDefault("x-content-type-options"));
        Assert.Equal("same-origin", headers.GetValueOrDefault("referrer-policy"));
        Assert.Equal(hsts, headers.ContainsKey("strict-transport-security"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    // Every CSP violation a page reports, from the securitypolicyviolation event and from Chromium's console message.
    private static async Task WatchCspAsync(IPage page, List<string> violations)
    {
        await page.Context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} (${e.sample})`));
            """);
        page.Console += (_, message) =>
        {
            if (message.Text.StartsWith("CSP violation", StringComparison.Ordinal) || message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (violations)
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            }
        };
    }

    private static void AssertNoViolations(List<string> violations, string where)
    {
        lock (violations)
        {
            Assert.True(violations.Count == 0, $"Content-Security-Policy violations on {where}:\n" + string.Join("\n", violations));
        }
    }

    private static async Task<HttpStatusCode> NegotiateStatusAsync(ClientAt client, string hub, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{hub}/negotiate?negotiateVersion=1") { Content = new StringContent("") };
        request.Headers.TryAddWithoutValidation("Origin", origin);
        using var response = await client.Http.SendAsync(request);
        return response.StatusCode;
    }

    // A WebSocket to the workspace hub with a fresh connection token, as the browser opens it; the status of the upgrade.
    private async Task<HttpStatusCode> UpgradeStatusAsync(ClientAt client, string origin)
    {
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/workspace/negotiate?negotiateVersion=1") { Content = new StringContent("") };
        negotiate.Headers.TryAddWithoutValidation("Origin", _fixture.Front.Origin);
        using var negotiated = await client.Http.SendAsync(negotiate);
        negotiated.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await negotiated.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("connectionToken").GetString();

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        using var invoker = new HttpMessageInvoker(client.Handler, disposeHandler: false);
        var url = new Uri($"wss://{NginxFront.HostName}:{_fixture.Front.HttpsPort}/hubs/workspace?id={Uri.EscapeDataString(token!)}");
        try
        {
            await socket.ConnectAsync(url, invoker, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
        var status = socket.HttpStatusCode;
        socket.Abort();
        return status;
    }
}
