using System.Net;
using System.Net.Sockets;
using System.Text;
using NetAcademy.E2E.Infrastructure;

namespace NetAcademy.E2E.Reliability;

/// <summary>
/// What only the real Kestrel sees: NUL bytes and raw dot segments in the request line (a client library
/// would refuse or normalise them), very long URLs, and bodies above the request size limit.
/// </summary>
public sealed class HttpRobustnessTests : IClassFixture<BrowserFixture>
{
    private static readonly string[] RawPaths =
    [
        "/courses/%00", "/courses/linux-networking/%00", "/courses/..%2F..", "/courses/../../etc/passwd", "/content/linux-networking/../../../etc/passwd",
        "/content/linux-networking/%2e%2e/%2e%2e/etc/passwd", "/content/%00/x.png", "/api/sessions/%00/graph", "/api/sessions/x/captures/y.pcap",
        "/api/sessions/../../graph", "/instructor/sessions/%00", "/instructor/courses/%00/progress.csv", "/courses/" + new string('a', 7000),
        "/courses/" + new string('a', 20_000), "/%ff%fe", "/courses/linux-networking/veth-pairs/%00/lab",
    ];

    private readonly BrowserFixture _fixture;

    public HttpRobustnessTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task RawRequestLines_GarbageAndTraversal_Answer4xxNeverLeak()
    {
        var failures = new List<string>();
        foreach (var path in RawPaths)
        {
            var (status, body) = await RawGetAsync(path);
            if (status is < 400 or >= 500 && !(status == 200 && !path.Contains("passwd", StringComparison.Ordinal) && !path.Contains("%00", StringComparison.Ordinal)))
            {
                failures.Add($"{path[..Math.Min(path.Length, 80)]} -> {status}");
            }
            if (body.Contains("root:x:0:0", StringComparison.Ordinal))
            {
                failures.Add($"{path} served /etc/passwd");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        using var http = new HttpClient { BaseAddress = _fixture.Server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Post_BodyOverOneMegabyte_Refused413AndServerServes()
    {
        using var http = new HttpClient { BaseAddress = _fixture.Server.BaseAddress };
        var body = new ByteArrayContent(new byte[8 * 1024 * 1024]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        HttpStatusCode status;
        try
        {
            using var response = await http.PostAsync("/account/signin", body);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // Kestrel may answer 413 and close before the client finishes sending; the socket error is that refusal.
            status = HttpStatusCode.RequestEntityTooLarge;
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
    }

    private async Task<(int Status, string Body)> RawGetAsync(string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_fixture.Server.BaseAddress.Host, _fixture.Server.BaseAddress.Port);
        await using var stream = client.GetStream();
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var statusLine = response.Split("\r\n", 2)[0];
        var parts = statusLine.Split(' ');
        Assert.True(parts.Length >= 2 && int.TryParse(parts[1], out _), $"{path}: no HTTP status line in '{statusLine}'");
        return (int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), response);
    }
}
