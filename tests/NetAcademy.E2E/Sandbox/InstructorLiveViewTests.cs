using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using NetAcademy.E2E.Graph;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Sandbox;

/// <summary>
/// The instructor's pages follow the learner's lab without a reload: the course progress page's "Labs running now"
/// gains a row when a learner starts a lab and loses it when they stop, and the observe view shows every open shell of
/// a node (one tab each, read-only), shells the learner opens after the observer arrived included, and never opens a
/// shell of its own beyond a node's first; it draws the learner's interface graph and shows the packets of the captures
/// the learner starts, with no way to start or stop one.
/// </summary>
public sealed class InstructorLiveViewTests : IClassFixture<CourseStaffFixture>
{
    private static readonly Regex AlphaPrompt = new(@"root@alpha:.*#");
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromSeconds(60);
    private readonly CourseStaffFixture _fixture;

    public InstructorLiveViewTests(CourseStaffFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task CourseProgress_LearnerStartsThenStopsALab_TheRowAppearsThenGoesWithoutAReload()
    {
        var page = await _fixture.AccountAsync(CourseStaffFixture.Teacher, "instructor");
        await page.GotoAsync($"/instructor/courses/{CourseStaffFixture.Course}");
        var running = page.Locator("[data-role=running-labs]");
        await Expect(running).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-role=no-running]")).ToBeVisibleAsync();
        // Gone after a reload or a navigation: the row must come in over the page's own circuit.
        await page.EvaluateAsync("() => { document.body.dataset.sameDocument = 'yes'; }");

        var learner = await _fixture.NewPageAsync();
        await learner.GotoAsync($"/courses/{CourseStaffFixture.Course}/{CourseStaffFixture.Lesson}");
        await learner.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        await Expect(learner.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        var sessionId = (await learner.Locator("#workspace").GetAttributeAsync("data-session-id"))!;
        try
        {
            var row = page.Locator($"[data-role=running] tr[data-session='{sessionId}']");
            await Expect(row).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 30_000 });
            await Expect(row.Locator("[data-role=observe]")).ToHaveAttributeAsync("href", $"/instructor/sessions/{sessionId}");
            await Expect(page.Locator("[data-role=no-running]")).ToHaveCountAsync(0);

            await LabPage.PressStopAsync(learner);
            await Expect(learner.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });

            await Expect(row).ToHaveCountAsync(0, new() { Timeout = 30_000 });
            await Expect(page.Locator("[data-role=no-running]")).ToBeVisibleAsync();
            Assert.Equal("yes", await page.EvaluateAsync<string>("() => document.body.dataset.sameDocument"));
        }
        finally
        {
            await learner.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Observe_LearnerTypesInTwoShellsOfANodeThenOpensAThird_TheObserverSeesEachInItsOwnTab()
    {
        var learner = await _fixture.NewPageAsync();
        await learner.GotoAsync($"/courses/{CourseStaffFixture.Course}/{CourseStaffFixture.Lesson}");
        await learner.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        await Expect(learner.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        var sessionId = (await learner.Locator("#workspace").GetAttributeAsync("data-session-id"))!;
        try
        {
            var first = new TerminalDriver(learner, "alpha", 1);
            await first.WaitForAsync(AlphaPrompt, PromptTimeout);
            await first.RunAndWaitAsync("echo typed-in-one-$((3*3))", "one-done");
            await learner.GetByRole(AriaRole.Button, new() { Name = "New terminal on alpha" }).ClickAsync();
            var second = new TerminalDriver(learner, "alpha", 2);
            await second.WaitForAsync(AlphaPrompt, PromptTimeout);
            await second.RunAndWaitAsync("echo typed-in-two-$((4*4))", "two-done");

            var page = await _fixture.AccountAsync(CourseStaffFixture.Teacher, "instructor");
            await page.GotoAsync($"/instructor/sessions/{sessionId}");
            var observe = page.Locator("#observe");
            var seenFirst = new TerminalDriver(page, "alpha", 1);
            var seenSecond = new TerminalDriver(page, "alpha", 2);
            await Expect(observe.Locator("[role=tab][data-node=alpha]")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
            await Expect(seenSecond.Tab).ToHaveTextAsync("alpha 2");

            // Each tab shows its own shell: what was typed in one is not in the other.
            await seenFirst.Tab.ClickAsync();
            await Expect(seenFirst.Pane).ToHaveAttributeAsync("data-attached", "true");
            await seenFirst.WaitForAsync(new Regex("typed-in-one-9"));
            Assert.DoesNotContain("typed-in-two", await seenFirst.ScreenAsync(), StringComparison.Ordinal);
            await seenSecond.Tab.ClickAsync();
            await Expect(seenSecond.Pane).ToHaveAttributeAsync("data-attached", "true");
            await seenSecond.WaitForAsync(new Regex("typed-in-two-16"));
            Assert.DoesNotContain("typed-in-one", await seenSecond.ScreenAsync(), StringComparison.Ordinal);

            // A shell opened after the observer arrived gets its tab, and its output, live.
            await learner.GetByRole(AriaRole.Button, new() { Name = "New terminal on alpha" }).ClickAsync();
            var third = new TerminalDriver(learner, "alpha", 3);
            await third.WaitForAsync(AlphaPrompt, PromptTimeout);
            await third.RunAndWaitAsync("echo typed-in-three-$((5*5))", "three-done");
            var seenThird = new TerminalDriver(page, "alpha", 3);
            await Expect(seenThird.Tab).ToHaveTextAsync("alpha 3", new() { Timeout = 30_000 });
            await seenThird.Tab.ClickAsync();
            await seenThird.WaitForAsync(new Regex("typed-in-three-25"));

            // Typing in the observer's terminal reaches nothing.
            await seenThird.Pane.Locator(".xterm-screen").ClickAsync();
            await page.Keyboard.TypeAsync("echo observer-typed-$((6*7))");
            await page.Keyboard.PressAsync("Enter");
            await third.RunAndWaitAsync("echo still-mine", "mine-done");
            Assert.DoesNotContain("observer-typed", await third.ScreenAsync(), StringComparison.Ordinal);

            // The learner closes it: the observer's tab goes too, the other two stay.
            await third.Tab.ClickAsync();
            await learner.GetByRole(AriaRole.Button, new() { Name = "Close terminal alpha 3" }).ClickAsync();
            await Expect(seenThird.Tab).ToHaveCountAsync(0, new() { Timeout = 30_000 });
            await Expect(observe.Locator("[role=tab][data-node=alpha]")).ToHaveCountAsync(2);
            await Expect(learner.Locator("[data-role=observed]")).ToBeVisibleAsync();

            // Asked directly, the hub watches a learner's shell but never opens one beyond the first.
            await using (var hub = await HubClient.ConnectAsync(page, _fixture.Server.BaseAddress, HubClient.Observation))
            {
                Assert.EndsWith("Terminal 3 on alpha is not open.",
                    await HubClient.AttemptStreamAsync(hub.StreamAsync<string>("Terminal", sessionId, "alpha", 3)), StringComparison.Ordinal);
                Assert.Equal("allowed", await HubClient.AttemptStreamAsync(hub.StreamAsync<string>("Terminal", sessionId, "alpha", 2)));
            }
            await Expect(learner.Locator("[role=tab][data-node=alpha]")).ToHaveCountAsync(2);
            await page.GotoAsync("about:blank");
        }
        finally
        {
            await LabPage.PressStopAsync(learner);
            await Expect(learner.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
            await learner.Context.CloseAsync();
        }
    }
    [Fact]
    public async Task Observe_LearnerStartsACaptureAndPings_TheObserverSeesTheGraphAndThePackets()
    {
        var learner = await _fixture.NewPageAsync();
        await learner.GotoAsync($"/courses/{CourseStaffFixture.Course}/{CourseStaffFixture.Lesson}");
        await learner.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        await Expect(learner.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        var sessionId = (await learner.Locator("#workspace").GetAttributeAsync("data-session-id"))!;
        try
        {
            var page = await _fixture.AccountAsync(CourseStaffFixture.Teacher, "instructor");
            await page.GotoAsync($"/instructor/sessions/{sessionId}");
            await Expect(page.Locator("#observe")).ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 30_000 });

            // The graph: both nodes' interfaces on the lan, drawn from the observation hub's Graph stream.
            await GraphProbe.WaitAsync(page, "g.cy.getElementById('alpha//eth0').nonempty() && g.cy.getElementById('beta//eth0').nonempty()", TimeSpan.FromSeconds(60));
            // Read-only: an interface's details offer no "Capture here", the packet pane no capture form.
            await GraphProbe.EvalAsync<bool>(page, "(g.cy.getElementById('alpha//eth0').emit('tap'), true)");
            var details = page.Locator("#observe [data-role=graph-details]");
            await Expect(details).ToBeVisibleAsync();
            await Expect(details.Locator("[data-action=capture]")).ToHaveCountAsync(0);
            var packets = page.Locator("#observe [data-role=packets]");
            await Expect(packets.GetByRole(AriaRole.Button, new() { Name = "Start capture" })).ToBeHiddenAsync();
            await Expect(packets.GetByRole(AriaRole.Button, new() { Name = "Stop" })).ToBeHiddenAsync();
            await Expect(packets.Locator("[data-role=download]")).ToHaveCountAsync(0);

            // The learner captures after the observer arrived, and pings across.
            var mine = learner.Locator("[data-role=packets]");
            await mine.GetByLabel("Node").SelectOptionAsync("alpha");
            await mine.GetByLabel("Interface").FillAsync("eth0");
            await mine.GetByLabel("Filter").FillAsync("icmp");
            await mine.GetByRole(AriaRole.Button, new() { Name = "Start capture" }).ClickAsync();
            await Expect(mine.Locator("[data-role=capture-status]")).ToContainTextAsync("Capturing on alpha", new() { Timeout = 30_000 });
            var terminal = new TerminalDriver(learner, "alpha", 1);
            await terminal.WaitForAsync(AlphaPrompt, PromptTimeout);
            await terminal.RunAndWaitAsync("ping -c 3 -i 0.3 172.21.0.3 >/dev/null", "ping-done");

            // The observer's table follows that capture: its echoes, where they were captured.
            await Expect(packets.Locator("[data-role=capture-status]")).ToContainTextAsync("Capturing on alpha eth0 (icmp)", new() { Timeout = 30_000 });
            var requests = packets.Locator("tbody tr", new() { HasTextString = "ICMP echo request" });
            var replies = packets.Locator("tbody tr", new() { HasTextString = "ICMP echo reply" });
            await Expect(requests).ToHaveCountAsync(3, new() { Timeout = 30_000 });
            await Expect(replies).ToHaveCountAsync(3);
            await Expect(requests.First.Locator("td.where")).ToHaveTextAsync("alpha eth0");
            await Expect(learner.Locator("[data-role=observed]")).ToBeVisibleAsync();

            // The hub has nothing to start or stop a capture with.
            await using (var hub = await HubClient.ConnectAsync(page, _fixture.Server.BaseAddress, HubClient.Observation))
            {
                var start = await HubClient.AttemptAsync(() => hub.InvokeAsync<string>("StartCapture", sessionId, "alpha", null, "eth0", null));
                Assert.Contains("Method does not exist", start, StringComparison.Ordinal);
                Assert.Single(await hub.InvokeAsync<System.Text.Json.JsonElement[]>("ListCaptures", sessionId));
            }
            await page.GotoAsync("about:blank");
        }
        finally
        {
            await LabPage.PressStopAsync(learner);
            await Expect(learner.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
            await learner.Context.CloseAsync();
        }
    }
}
