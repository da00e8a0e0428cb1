using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using NetAcademy.Testing.Docker;
using NetAcademy.Web.Accounts;

namespace NetAcademy.Web.Tests.Monitoring;

/// <summary>
/// /health/live and /health/ready against the real app: real SQLite, the repository's content, the real Docker engine
/// (the kernel probe runs on it at start-up), or an engine endpoint that does not exist.
/// </summary>
public sealed class HealthTests
{
    // Readiness waits for the kernel probe, which runs containers at start-up: wait for it, assert nothing about how long.
    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Ready_EverythingUp_AnonymousGetsBareHealthy_AdminGetsEveryCheckWithTheEngineVersion()
    {
        await using var site = new MonitoredSite();
        using var anonymous = site.App.CreateBrowser();

        var (status, body, type) = await WaitReadyAsync(anonymous);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body);
        Assert.Equal("text/plain", type);

        using var admin = await site.SignedInAsync("health-admin", AccountRole.Admin);
        using var detail = await admin.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.Equal("application/json", detail.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await detail.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["content", "database", "engine", "kernel"], checks.Keys.Order(StringComparer.Ordinal));
        Assert.All(checks.Values, c => Assert.Equal("Healthy", c.GetProperty("status").GetString()));
        // The engine's version as the docker CLI reads it, an independent witness.
        var (code, version) = await DockerCli.RunAsync("version", "--format", "{{.Server.Version}}");
        Assert.Equal(0, code);
        var engine = checks["engine"].GetProperty("data");
        Assert.Equal(version.Trim(), engine.GetProperty("engine_version").GetString());
        Assert.True(engine.GetProperty("userns_remap").GetBoolean());
        Assert.Contains(engine.GetProperty("security_options").EnumerateArray(), o => o.GetString()!.Contains("name=userns", StringComparison.Ordinal));
        Assert.Equal(checks["database"].GetProperty("data").GetProperty("expected_schema_version").GetInt32(),
            checks["database"].GetProperty("data").GetProperty("schema_version").GetInt32());
        Assert.True(checks["content"].GetProperty("data").GetProperty("labs").GetInt32() > 0);
    }

    [Fact]
    public async Task Ready_LearnerAndWrongToken_GetNoDetail_ScrapeTokenGetsIt()
    {
        await using var site = new MonitoredSite();
        using var anonymous = site.App.CreateBrowser();
        await WaitReadyAsync(anonymous);
        using var learner = await site.SignedInAsync("health-learner", AccountRole.Learner);

        var asLearner = await learner.GetStringAsync("/health/ready");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/health/ready") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token") } };
        using var wrongAnswer = await anonymous.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/health/ready") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", MonitoredSite.ScrapeToken) } };
        using var rightAnswer = await anonymous.SendAsync(right);

        Assert.Equal("Healthy", asLearner);
        Assert.Equal("Healthy", await wrongAnswer.Content.ReadAsStringAsync());
        Assert.Equal("application/json", rightAnswer.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"engine_version\"", await rightAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_EngineSocketMissing_Is503Unhealthy_NamingTheEngine_WhileLiveStays200()
    {
        await using var site = new MonitoredSite(new Dictionary<string, string?> { ["Docker:Endpoint"] = "unix:///nonexistent.sock" });
        using var anonymous = site.App.CreateBrowser();

        using var ready = await anonymous.GetAsync("/health/ready");
        using var live = await anonymous.GetAsync("/health/live");
        using var healthz = await anonymous.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);

        using var admin = await site.SignedInAsync("health-admin", AccountRole.Admin);
        using var detail = await admin.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, detail.StatusCode);
        using var json = JsonDocument.Parse(await detail.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("Unhealthy", checks["engine"].GetProperty("status").GetString());
        Assert.Contains("unix:///nonexistent.sock", checks["engine"].GetProperty("description").GetString(), StringComparison.Ordinal);
        // What does not depend on the engine stays healthy.
        Assert.Equal("Healthy", checks["database"].GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["content"].GetProperty("status").GetString());
        Assert.NotEqual("Healthy", checks["kernel"].GetProperty("status").GetString());
    }

    private static async Task<(HttpStatusCode Status, string Body, string? Type)> WaitReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + ProbeDeadline;
        while (true)
        {
            using var response = await client.GetAsync("/health/ready");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
            }
            await Task.Delay(500);
        }
    }
}
