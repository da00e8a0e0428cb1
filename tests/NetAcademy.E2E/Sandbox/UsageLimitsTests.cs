using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;

namespace NetAcademy.E2E.Sandbox;

/// <summary>
/// One learner's loop of hub calls against the real server (the .NET SignalR client, no workspace page open) runs into
/// each usage limit and gets a sentence naming it; another learner is unaffected, a closed stream frees its slot, and
/// the server keeps answering. Limits as set by <see cref="UsageLimitsFixture"/>. Counts and messages only, no timings.
/// </summary>
public sealed class UsageLimitsTests : IClassFixture<UsageLimitsFixture>
{
    private readonly UsageLimitsFixture _fixture;

    public UsageLimitsTests(UsageLimitsFixture fixture) => _fixture = fixture;

    private Uri Server => _fixture.Server.BaseAddress;

    private async Task<(IPage Page, string SessionId)> LearnerWithLabAsync()
    {
        var page = await _fixture.NewPageAsync();
        return (page, await HubClient.StartLabAsync(page, CourseStaffFixture.Course, CourseStaffFixture.Lesson));
    }

    private async Task StopAsync(params (IPage Page, string SessionId)[] learners)
    {
        foreach (var (page, session) in learners)
        {
            await HubClient.StopLabAsync(page, Server, session);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Check_LoopFromOneLearner_RefusedPastFivePerMinuteWithTheReason_SecondLearnerUnaffected()
    {
        var first = await LearnerWithLabAsync();
        var second = await LearnerWithLabAsync();
        try
        {
            await using var hub = await HubClient.ConnectAsync(first.Page, Server, HubClient.Workspace);
            var answers = new List<string>();
            for (var i = 0; i < 12; i++)
            {
                answers.Add(await HubClient.AttemptAsync(() => hub.InvokeAsync<JsonElement>("Check", first.SessionId, CourseStaffFixture.Task)));
            }

            Assert.Equal(5, answers.Count(a => a == "allowed"));
            var refusals = answers.Where(a => a != "allowed").ToList();
            Assert.Equal(7, refusals.Count);
            Assert.All(refusals, r => Assert.Contains("Too many checks: at most 5 a minute per learner. Wait ", r, StringComparison.Ordinal));
            // One sentence, no stack trace.
            Assert.All(refusals, r => Assert.DoesNotContain('\n', r));

            await using var other = await HubClient.ConnectAsync(second.Page, Server, HubClient.Workspace);
            var outcome = await other.InvokeAsync<JsonElement>("Check", second.SessionId, CourseStaffFixture.Task);
            Assert.Contains("/tmp/done", outcome.ToString(), StringComparison.Ordinal);
            Assert.Equal(200, (await second.Page.APIRequest.GetAsync("/healthz")).Status);
        }
        finally
        {
            await StopAsync(first, second);
        }
    }

    [Fact]
    public async Task Terminals_PastTheCapsPerPageAndPerUser_RefusedWithTheReason_AClosedOneFreesItsSlot()
    {
        var first = await LearnerWithLabAsync();
        var second = await LearnerWithLabAsync();
        var open = new List<CancellationTokenSource>();
        try
        {
            await using var page1 = await HubClient.ConnectAsync(first.Page, Server, HubClient.Workspace);
            await using var page2 = await HubClient.ConnectAsync(first.Page, Server, HubClient.Workspace);
            Task<string> OpenAsync(HubConnection hub, string session)
            {
                var cts = new CancellationTokenSource();
                open.Add(cts);
                return HubClient.OpenStreamAsync(hub.StreamAsync<string>("Terminal", session, "alpha", 1, 80, 24, cts.Token));
            }

            var onPage1 = new[] { await OpenAsync(page1, first.SessionId), await OpenAsync(page1, first.SessionId), await OpenAsync(page1, first.SessionId) };
            var onPage2 = new[] { await OpenAsync(page2, first.SessionId), await OpenAsync(page2, first.SessionId) };
            var secondLearners = await OpenAsync(await HubClient.ConnectAsync(second.Page, Server, HubClient.Workspace), second.SessionId);

            Assert.Equal(["allowed", "allowed"], onPage1[..2]);
            Assert.EndsWith("This page already has 2 terminals open, the most one page may have. Close one you do not need, or reload the page.", onPage1[2], StringComparison.Ordinal);
            Assert.Equal("allowed", onPage2[0]);
            Assert.EndsWith("You already have 3 terminals open, the most one account may have. Close some in your other tabs or windows, then try again.", onPage2[1], StringComparison.Ordinal);
            Assert.Equal("allowed", secondLearners);

            // Closing the first terminal of page 1 frees a slot of the user: page 2 gets its second terminal.
            await open[0].CancelAsync();
            var reopened = "";
            for (var attempt = 0; attempt < 60 && reopened != "allowed"; attempt++)
            {
                await Task.Delay(500);
                reopened = await OpenAsync(page2, first.SessionId);
            }
            Assert.Equal("allowed", reopened);
        }
        finally
        {
            foreach (var cts in open)
            {
                await cts.CancelAsync();
            }
            await StopAsync(first, second);
        }
    }

    [Fact]
    public async Task GraphsAndCaptures_PastTheirCapsAndRates_RefusedWithTheReason_HttpGraphAnswers429()
    {
        var learner = await LearnerWithLabAsync();
        var open = new CancellationTokenSource();
        try
        {
            await using var page1 = await HubClient.ConnectAsync(learner.Page, Server, HubClient.Workspace);
            await using var page2 = await HubClient.ConnectAsync(learner.Page, Server, HubClient.Workspace);
            await using var page3 = await HubClient.ConnectAsync(learner.Page, Server, HubClient.Workspace);

            // Live graphs: one per page, two per user. Each subscription is also a graph read (3 of the 6 a minute).
            var graphs = new[]
            {
                await HubClient.OpenStreamAsync(page1.StreamAsync<JsonElement>("Graph", learner.SessionId, open.Token)),
                await HubClient.OpenStreamAsync(page1.StreamAsync<JsonElement>("Graph", learner.SessionId, open.Token)),
                await HubClient.OpenStreamAsync(page2.StreamAsync<JsonElement>("Graph", learner.SessionId, open.Token)),
            };
            Assert.Equal("allowed", graphs[0]);
            Assert.EndsWith("This page already has 1 live graphs open, the most one page may have. Close one you do not need, or reload the page.", graphs[1], StringComparison.Ordinal);
            Assert.Equal("allowed", graphs[2]);

            // The HTTP graph shares the reads: 3 more answer 200, then 429 with the reason.
            var statuses = new List<int>();
            var bodies = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                var response = await learner.Page.APIRequest.GetAsync($"/api/sessions/{learner.SessionId}/graph");
                statuses.Add(response.Status);
                bodies.Add(await response.TextAsync());
            }
            Assert.Equal([200, 200, 200, 429, 429, 429], statuses);
            Assert.All(bodies[3..], b => Assert.StartsWith("Too many graph reads: at most 6 a minute per learner. Wait ", b, StringComparison.Ordinal));

            // Capture starts: 3 a minute.
            var starts = new List<string>();
            var captureId = "";
            for (var i = 0; i < 5; i++)
            {
                starts.Add(await HubClient.AttemptAsync(async () => captureId = await page1.InvokeAsync<string>("StartCapture", learner.SessionId, "alpha", null, "eth0", null)));
            }
            Assert.Equal(["allowed", "allowed", "allowed"], starts[..3]);
            Assert.All(starts[3..], s => Assert.Contains("Too many captures started: at most 3 a minute per learner. Wait ", s, StringComparison.Ordinal));

            // Capture views: one per page, two per user.
            var views = new[]
            {
                await HubClient.OpenStreamAsync(page1.StreamAsync<JsonElement>("CaptureStream", learner.SessionId, captureId, 0L, open.Token)),
                await HubClient.OpenStreamAsync(page1.StreamAsync<JsonElement>("CaptureStream", learner.SessionId, captureId, 0L, open.Token)),
                await HubClient.OpenStreamAsync(page2.StreamAsync<JsonElement>("CaptureStream", learner.SessionId, captureId, 0L, open.Token)),
                await HubClient.OpenStreamAsync(page3.StreamAsync<JsonElement>("CaptureStream", learner.SessionId, captureId, 0L, open.Token)),
            };
            Assert.Equal("allowed", views[0]);
            Assert.EndsWith("This page already has 1 packet capture views open, the most one page may have. Close one you do not need, or reload the page.", views[1], StringComparison.Ordinal);
            Assert.Equal("allowed", views[2]);
            Assert.EndsWith("You already have 2 packet capture views open, the most one account may have. Close some in your other tabs or windows, then try again.", views[3], StringComparison.Ordinal);

            // The server keeps serving the learner's other calls.
            Assert.Equal(200, (await learner.Page.APIRequest.GetAsync($"/api/sessions/{learner.SessionId}")).Status);
        }
        finally
        {
            await open.CancelAsync();
            await StopAsync(learner);
        }
    }
}
