using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Workspace;

/// <summary>
/// One lab, several tabs: Start in a tab from before the lab started opens the running workspace; Reset asks first and
/// then starts the tasks over, and the lesson page counts what the workspace counts.
/// </summary>
public sealed class SessionsFromAnyTabTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public SessionsFromAnyTabTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Start_InAStaleSecondTab_LandsInTheRunningWorkspace()
    {
        var first = await _fixture.NewSignedInPageAsync("learner", "t" + Guid.NewGuid().ToString("n")[..10]);
        // The second tab opens the lesson while no lab runs: its page has the Start form.
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(LabPage.VethLesson);
        await Expect(second.GetByRole(AriaRole.Button, new() { Name = "Start lab" })).ToBeVisibleAsync();
        await first.GotoAsync(LabPage.VethLesson);
        var sessionId = await LabPage.StartAsync(first);
        try
        {
            var answer = await second.RunAndWaitForResponseAsync(
                () => second.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync(),
                response => response.Request.IsNavigationRequest && response.Frame == second.MainFrame);
            Assert.True(answer.Status < 400, $"Start in the second tab was answered {answer.Status}.");
            await Expect(second).ToHaveURLAsync(new Regex(Regex.Escape(LabPage.VethLesson + "/lab") + "$"));
            await Expect(second.Locator("#workspace")).ToHaveAttributeAsync("data-session-id", sessionId);
            await Expect(second.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 60_000 });
        }
        finally
        {
            await LabPage.StopAsync(first);
        }
    }

    [Fact]
    public async Task Reset_AsksFirst_ThenStartsTheTasksOverOnBothPages()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            var terminal = new TerminalDriver(page, "host1");
            await terminal.RunAndWaitAsync("ip netns add red && ip netns add blue", "namespaces");
            var block = page.Locator("article.lesson section.lab-task[data-task-id=make-namespaces]");
            await block.Locator("button.lab-task-check").ClickAsync();
            await Expect(block).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 60_000 });
            var progress = page.Locator(".task-overview [data-role=task-progress]");
            await Expect(progress).ToHaveTextAsync("1 of 5 done");

            var lesson = await page.Context.NewPageAsync();
            await lesson.GotoAsync(LabPage.VethLesson);
            await Expect(lesson.Locator("[data-role=lab-progress]")).ToHaveAttributeAsync("data-done", "1");

            // Reset asks first; Cancel leaves the lab as it is.
            var workspace = page.Locator("#workspace");
            await page.GetByRole(AriaRole.Button, new() { Name = "Reset lab" }).ClickAsync();
            var confirm = page.Locator("[data-role=confirm][data-confirm=reset]");
            await Expect(confirm).ToContainTextAsync("Reset the lab?");
            await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, reset it" })).ToBeFocusedAsync();
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Expect(confirm).ToHaveCountAsync(0);
            await Expect(workspace).ToHaveAttributeAsync("data-state", "Ready");
            await Expect(progress).ToHaveTextAsync("1 of 5 done");

            await page.GetByRole(AriaRole.Button, new() { Name = "Reset lab" }).ClickAsync();
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, reset it" }).ClickAsync();
            await Expect(workspace).Not.ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 30_000 });
            await Expect(workspace).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
            await Expect(progress).ToHaveTextAsync("0 of 5 done");

            // The lesson page counts the running lab, as the workspace does.
            await lesson.ReloadAsync();
            await Expect(lesson.Locator("[data-role=lab-progress]")).ToHaveAttributeAsync("data-done", "0");
            await Expect(lesson.Locator("[data-role=lab-progress]")).ToContainTextAsync("0 of 5 tasks done in the running lab");
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task CheckAndRun_OnTheLessonPageWithoutALab_SayStartTheLabFirst()
    {
        var page = await _fixture.NewSignedInPageAsync("learner", "t" + Guid.NewGuid().ToString("n")[..10]);
        await page.GotoAsync(LabPage.VethLesson);
        var block = page.Locator("article.lesson section.lab-task[data-task-id=make-namespaces]");
        await block.Locator("button.lab-task-check").ClickAsync();
        await Expect(block.Locator("[data-role=start-first]")).ToHaveTextAsync(new Regex("^Start the lab first"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Run on host1" }).First.ClickAsync();
        await Expect(page.Locator("p[data-role=start-first]").First).ToHaveTextAsync(new Regex("^Start the lab first"));
        await page.Context.CloseAsync();
    }
}
