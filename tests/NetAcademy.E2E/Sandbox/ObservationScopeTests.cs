using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Sandbox;

/// <summary>
/// Observation is scoped to a course's instructors (course.yaml <c>instructors:</c>) and admins, and every read of
/// someone else's lab is audited and shown to its learner, whichever hub method it comes through. Hub calls are made
/// with the .NET SignalR client, as a script would make them, not through the observation page.
/// </summary>
public sealed class ObservationScopeTests : IClassFixture<CourseStaffFixture>
{
    private const string UnknownSession = "0123456789abcdef0123";
    private const string NoSuchSession = "No such lab session.";
    private readonly CourseStaffFixture _fixture;

    public ObservationScopeTests(CourseStaffFixture fixture) => _fixture = fixture;

    private Uri Server => _fixture.Server.BaseAddress;

    private async Task<(IPage Page, string SessionId)> StartLearnerLabAsync()
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync($"/courses/{CourseStaffFixture.Course}/{CourseStaffFixture.Lesson}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        return (page, (await page.Locator("#workspace").GetAttributeAsync("data-session-id"))!);
    }

    private static async Task StopAsync(IPage learner)
    {
        await LabPage.PressStopAsync(learner);
        await Expect(learner.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
        await learner.Context.CloseAsync();
    }

    [Fact]
    public async Task InstructorOfAnotherCourse_EveryPathToALearnersSession_AnswersAsForAnUnknownId()
    {
        var (learner, victim) = await StartLearnerLabAsync();
        try
        {
            var outsider = await _fixture.AccountAsync(CourseStaffFixture.Outsider, "instructor");
            await using var observe = await HubClient.ConnectAsync(outsider, Server, HubClient.Observation);
            await using var workspace = await HubClient.ConnectAsync(outsider, Server, HubClient.Workspace);

            // The observation hub: the same answer for the learner's id as for an id nobody has.
            foreach (var id in new[] { victim, UnknownSession })
            {
                var answers = new Dictionary<string, string>
                {
                    ["Observe"] = await HubClient.AttemptAsync(() => observe.InvokeAsync<JsonElement>("Observe", id)),
                    ["Tasks"] = await HubClient.AttemptAsync(() => observe.InvokeAsync<JsonElement>("Tasks", id)),
                    ["Terminal"] = await HubClient.AttemptStreamAsync(observe.StreamAsync<string>("Terminal", id, "alpha", 1)),
                    ["Graph"] = await HubClient.AttemptStreamAsync(observe.StreamAsync<JsonElement>("Graph", id)),
                    ["ListCaptures"] = await HubClient.AttemptAsync(() => observe.InvokeAsync<JsonElement>("ListCaptures", id)),
                    ["CaptureStream"] = await HubClient.AttemptStreamAsync(observe.StreamAsync<JsonElement>("CaptureStream", id, "c1", 0L)),
                    // The learner's own hub serves the owner only, instructors of the lab's course included.
                    ["workspace Watch"] = await HubClient.AttemptAsync(() => workspace.InvokeAsync<JsonElement>("Watch", id)),
                    ["workspace Tasks"] = await HubClient.AttemptAsync(() => workspace.InvokeAsync<JsonElement>("Tasks", id)),
                    ["workspace Check"] = await HubClient.AttemptAsync(() => workspace.InvokeAsync<JsonElement>("Check", id, CourseStaffFixture.Task)),
                    ["workspace Observers"] = await HubClient.AttemptAsync(() => workspace.InvokeAsync<JsonElement>("Observers", id)),
                    ["workspace ListCaptures"] = await HubClient.AttemptAsync(() => workspace.InvokeAsync<JsonElement>("ListCaptures", id)),
                    ["workspace StartCapture"] = await HubClient.AttemptAsync(() => workspace.InvokeAsync<string>("StartCapture", id, "alpha", null, "eth0", null)),
                    ["workspace Terminal"] = await HubClient.AttemptStreamAsync(workspace.StreamAsync<string>("Terminal", id, "alpha", 1, 80, 24)),
                    ["workspace Graph"] = await HubClient.AttemptStreamAsync(workspace.StreamAsync<JsonElement>("Graph", id)),
                    ["workspace CaptureStream"] = await HubClient.AttemptStreamAsync(workspace.StreamAsync<JsonElement>("CaptureStream", id, "c1", 0L)),
                };
                Assert.All(answers, a => Assert.True(a.Value.EndsWith(NoSuchSession, StringComparison.Ordinal), $"{a.Key} on {(id == victim ? "the learner's" : "an unknown")} id answered: {a.Value}"));
            }

            // HTTP: the JSON API, the graph, a capture download and the instructor pages answer as for an unknown id.
            foreach (var path in new[] { "/api/sessions/{0}", "/api/sessions/{0}/graph", "/api/sessions/{0}/captures/c1.pcap", "/instructor/sessions/{0}" })
            {
                var foreign = await outsider.APIRequest.GetAsync(string.Format(path, victim));
                var unknown = await outsider.APIRequest.GetAsync(string.Format(path, UnknownSession));
                Assert.Equal(404, foreign.Status);
                Assert.Equal(404, unknown.Status);
                if (path.StartsWith("/api", StringComparison.Ordinal))
                {
                    Assert.Equal(await unknown.TextAsync(), await foreign.TextAsync());
                }
                else
                {
                    // The not-found page (its antiforgery token differs per response), naming nothing of the session.
                    Assert.DoesNotContain("Observing", await foreign.TextAsync(), StringComparison.Ordinal);
                }
            }
            foreach (var path in new[] { $"/instructor/courses/{CourseStaffFixture.Course}", $"/instructor/courses/{CourseStaffFixture.Course}/progress.csv" })
            {
                Assert.Equal(404, (await outsider.APIRequest.GetAsync(path)).Status);
            }

            // Nothing was read, so nothing is on record and the learner is not told of an observer.
            Assert.Empty(await _fixture.ObservationEventsAsync(CourseStaffFixture.Outsider));
            await Expect(learner.Locator("[data-role=observed]")).ToBeHiddenAsync();
        }
        finally
        {
            await StopAsync(learner);
        }
    }

    [Fact]
    public async Task CourseInstructor_ReadsTasksTerminalGraphOrCapturesWithoutObserve_AuditedAndTheLearnerSeesTheBanner()
    {
        var (learner, victim) = await StartLearnerLabAsync();
        try
        {
            var teacher = await _fixture.AccountAsync(CourseStaffFixture.Teacher, "instructor");
            var banner = learner.Locator("[data-role=observed]");

            // Tasks straight away, never calling Observe.
            var tasksOnly = await HubClient.ConnectAsync(teacher, Server, HubClient.Observation);
            var board = await tasksOnly.InvokeAsync<JsonElement>("Tasks", victim);
            Assert.Equal(CourseStaffFixture.Task, board.GetProperty("tasks")[0].GetProperty("id").GetString());
            await Expect(banner).ToBeVisibleAsync();
            await Expect(banner).ToContainTextAsync("An instructor is watching this lab");
            var events = await _fixture.ObservationEventsAsync(CourseStaffFixture.Teacher);
            Assert.Equal(victim, Assert.Single(events).Subject);
            Assert.Contains("the task board", events[0].Detail, StringComparison.Ordinal);

            // A terminal straight away on a second connection: its own audit event.
            var terminalOnly = await HubClient.ConnectAsync(teacher, Server, HubClient.Observation);
            Assert.Equal("allowed", await HubClient.AttemptStreamAsync(terminalOnly.StreamAsync<string>("Terminal", victim, "alpha", 1)));
            events = await _fixture.ObservationEventsAsync(CourseStaffFixture.Teacher);
            Assert.Equal(2, events.Count);
            Assert.Contains("the terminal of alpha", events[1].Detail, StringComparison.Ordinal);

            // The graph, and the learner's captures, each straight away on a connection of its own: an event each.
            await using (var graphOnly = await HubClient.ConnectAsync(teacher, Server, HubClient.Observation))
            {
                Assert.Equal("allowed", await HubClient.AttemptStreamAsync(graphOnly.StreamAsync<JsonElement>("Graph", victim)));
            }
            await using (var capturesOnly = await HubClient.ConnectAsync(teacher, Server, HubClient.Observation))
            {
                Assert.Empty(await capturesOnly.InvokeAsync<JsonElement[]>("ListCaptures", victim));
            }
            events = await _fixture.ObservationEventsAsync(CourseStaffFixture.Teacher);
            Assert.Equal(4, events.Count);
            Assert.Contains("first read: the graph", events[2].Detail, StringComparison.Ordinal);
            Assert.Contains("first read: the captures", events[3].Detail, StringComparison.Ordinal);

            // Reads again on the same connections are covered by their first event.
            await tasksOnly.InvokeAsync<JsonElement>("Observe", victim);
            Assert.Equal(4, (await _fixture.ObservationEventsAsync(CourseStaffFixture.Teacher)).Count);

            // The learner's own hub stays the owner's, for the course's instructor too.
            await using (var workspace = await HubClient.ConnectAsync(teacher, Server, HubClient.Workspace))
            {
                Assert.EndsWith(NoSuchSession, await HubClient.AttemptStreamAsync(workspace.StreamAsync<JsonElement>("Graph", victim)), StringComparison.Ordinal);
            }

            // The banner stays while either connection is open and goes when both have closed.
            await tasksOnly.DisposeAsync();
            await Expect(banner).ToBeVisibleAsync();
            await terminalOnly.DisposeAsync();
            await Expect(banner).ToBeHiddenAsync(new() { Timeout = 30_000 });
        }
        finally
        {
            await StopAsync(learner);
        }
    }

    [Fact]
    public async Task Admin_ObservesALearnerOfACourseNotListingThem_AllowedAuditedAndBannered()
    {
        var (learner, victim) = await StartLearnerLabAsync();
        try
        {
            const string adminName = "staff-admin";
            var admin = await _fixture.AccountAsync(adminName, "admin");
            await using var observe = await HubClient.ConnectAsync(admin, Server, HubClient.Observation);

            var snapshot = await observe.InvokeAsync<JsonElement>("Observe", victim);

            Assert.Equal("Ready", snapshot.GetProperty("state").GetString());
            var recorded = Assert.Single(await _fixture.ObservationEventsAsync(adminName));
            Assert.Equal(victim, recorded.Subject);
            Assert.Contains("(read-only)", recorded.Detail, StringComparison.Ordinal);
            await Expect(learner.Locator("[data-role=observed]")).ToBeVisibleAsync();
            Assert.Equal(200, (await admin.APIRequest.GetAsync($"/instructor/sessions/{victim}")).Status);
        }
        finally
        {
            await StopAsync(learner);
        }
    }
}
