using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using NetAcademy.E2E.Infrastructure;
using NetAcademy.E2E.Sandbox;
using NetAcademy.Testing.Docker;

namespace NetAcademy.E2E.Monitoring;

/// <summary>
/// The real server's <c>/metrics</c> after a learner started the two-nodes lab on the real engine, opened a terminal and
/// pressed Check: an admin's scrape shows the start counted for that lab, the start-duration histogram's buckets, the
/// sessions gauge, the open hub connection and terminal, the check by kind and the engine calls; anonymous and learner
/// scrapes are refused. Counts only, no timings.
/// </summary>
public sealed class MetricsTests : IClassFixture<CourseStaffFixture>
{
    private const string Lab = "two-nodes";
    private readonly CourseStaffFixture _fixture;

    public MetricsTests(CourseStaffFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Metrics_AfterALabStartTerminalAndCheck_AdminScrapeShowsTheFigures_OthersAreRefused()
    {
        var learner = await _fixture.NewPageAsync();
        var admin = await _fixture.AccountAsync("metrics-admin", "admin");
        var anonymous = await _fixture.NewAnonymousPageAsync();
        var session = await HubClient.StartLabAsync(learner, CourseStaffFixture.Course, CourseStaffFixture.Lesson);
        using var terminal = new CancellationTokenSource();
        try
        {
            await using var hub = await HubClient.ConnectAsync(learner, _fixture.Server.BaseAddress, HubClient.Workspace);
            Assert.Equal("allowed", await HubClient.OpenStreamAsync(hub.StreamAsync<string>("Terminal", session, "alpha", 1, 80, 24, terminal.Token)));
            await hub.InvokeAsync<JsonElement>("Check", session, CourseStaffFixture.Task);

            var asAnonymous = await anonymous.APIRequest.GetAsync("/metrics");
            var asLearner = await learner.APIRequest.GetAsync("/metrics");
            var asAdmin = await admin.APIRequest.GetAsync("/metrics");

            Assert.Equal(401, asAnonymous.Status);
            Assert.DoesNotContain("netacademy_", await asAnonymous.TextAsync(), StringComparison.Ordinal);
            Assert.Equal(403, asLearner.Status);
            Assert.DoesNotContain("netacademy_", await asLearner.TextAsync(), StringComparison.Ordinal);
            Assert.Equal(200, asAdmin.Status);
            var text = await asAdmin.TextAsync();

            Assert.True(Sum(text, "netacademy_lab_starts_total", ("lab", Lab)) >= 1, Excerpt(text, "netacademy_lab_starts"));
            Assert.Equal(0, Sum(text, "netacademy_lab_start_failures_total", ("lab", Lab)));
            // The whole start and each kind of step, as histogram buckets: every start lands in the +Inf bucket.
            Assert.True(Sum(text, "netacademy_lab_start_duration_seconds_bucket", ("lab", Lab), ("step", "all"), ("le", "+Inf")) >= 1,
                Excerpt(text, "netacademy_lab_start_duration"));
            foreach (var step in new[] { "images", "networks", "node", "setup" })
            {
                Assert.True(Sum(text, "netacademy_lab_start_duration_seconds_count", ("lab", Lab), ("step", step)) >= 1, $"no {step} step:\n{Excerpt(text, "netacademy_lab_start_duration_seconds_count")}");
            }
            Assert.Matches("""netacademy_lab_start_duration_seconds_bucket\{[^}]*le="1"[^}]*\} \d+""", text);
            Assert.True(Sum(text, "netacademy_sessions", ("state", "ready")) >= 1, Excerpt(text, "netacademy_sessions"));
            Assert.True(Sum(text, "netacademy_hub_connections", ("hub", "workspace")) >= 1, Excerpt(text, "netacademy_hub_connections"));
            Assert.True(Sum(text, "netacademy_terminals_open") >= 1, Excerpt(text, "netacademy_terminals_open"));
            Assert.True(Sum(text, "netacademy_check_duration_seconds_count", ("kind", "command"), ("outcome", "failed")) >= 1, Excerpt(text, "netacademy_check_duration"));
            Assert.True(Sum(text, "netacademy_runtime_call_duration_seconds_count", ("operation", "start"), ("outcome", "ok")) >= 1, Excerpt(text, "netacademy_runtime_call"));
            Assert.True(Sum(text, "netacademy_runtime_call_duration_seconds_count", ("operation", "exec")) >= 1, Excerpt(text, "netacademy_runtime_call"));
        }
        finally
        {
            await terminal.CancelAsync();
            await HubClient.StopLabAsync(learner, _fixture.Server.BaseAddress, session);
            await learner.Context.CloseAsync();
            await anonymous.Context.CloseAsync();
        }
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session));
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include every pair given.</summary>
    private static double Sum(string text, string metric, params (string Name, string Value)[] labels)
    {
        var total = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length <= metric.Length || line[metric.Length] is not ('{' or ' '))
            {
                continue;
            }
            if (labels.Any(l => !line.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                continue;
            }
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            total += double.Parse(value, CultureInfo.InvariantCulture);
        }
        return total;
    }

    private static string Excerpt(string text, string prefix) =>
        string.Join('\n', text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Take(40));
}
