using System.Net;
using System.Net.Http.Headers;
using NetAcademy.Web.Accounts;

namespace NetAcademy.Web.Tests.Monitoring;

/// <summary>
/// /metrics is for admins and for a scraper with Monitoring:ScrapeToken: anyone else gets a status code (401 or 403,
/// never the sign-in page, never a metric). What the figures say after a lab start is tested end to end (E2E MetricsTests).
/// </summary>
[Collection(nameof(MetricsAccessTests))]
public sealed class MetricsAccessTests : IAsyncLifetime
{
    private MonitoredSite _site = null!;

    public Task InitializeAsync()
    {
        _site = new MonitoredSite();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Metrics_Anonymous_Is401WithoutFigures()
    {
        using var anonymous = _site.App.CreateBrowser();

        using var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("netacademy_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_Learner_Is403()
    {
        using var learner = await _site.SignedInAsync("metrics-learner", AccountRole.Learner);

        using var response = await learner.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("netacademy_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WrongToken_Is401()
    {
        using var client = _site.App.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", MonitoredSite.ScrapeToken + "x") } };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_AdminOrScrapeToken_GetThePrometheusText()
    {
        using var admin = await _site.SignedInAsync("metrics-admin", AccountRole.Admin);
        using var scraper = _site.App.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", MonitoredSite.ScrapeToken) } };

        using var asAdmin = await admin.GetAsync("/metrics");
        using var asScraper = await scraper.SendAsync(request);

        foreach (var response in new[] { asAdmin, asScraper })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            // The sessions gauge exists from the start, one series per state.
            Assert.Contains("# TYPE netacademy_sessions gauge", text, StringComparison.Ordinal);
            Assert.Matches("""netacademy_sessions\{[^}]*state="ready"[^}]*\} 0""", text);
        }
    }
}

/// <summary>
/// Runs <see cref="MetricsAccessTests"/> with no other app of the test process alive. Each app's OpenTelemetry meter
/// provider listens to every meter named "NetAcademy" in the process, not only its own, and merges instruments of the
/// same name into one stream: when another test's app (or MetricNamesTests' NetAcademyMetrics) registered the sessions
/// gauge first and was disposed, the stream went with it and this site's scrape had no netacademy_sessions at all (seen
/// once in a fresh-clone run). One app per process, as in production, has no such neighbour.
/// </summary>
[CollectionDefinition(nameof(MetricsAccessTests), DisableParallelization = true)]
public sealed class MetricsAccessCollection;
