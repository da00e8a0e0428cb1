using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Grading;

/// <summary>
/// A learner who types a task's commands and never presses Check still sees the task turn done: the server checks
/// the open tasks again after commands entered in the terminal (Grading:Web:BackgroundInterval, BackgroundFollowUp).
/// </summary>
public sealed class BackgroundCheckTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public BackgroundCheckTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Terminal_TaskCommandsEnteredWithoutPressingCheck_TaskTurnsDoneAndNextOpens()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            var namespaces = page.Locator("article.lesson section.lab-task[data-task-id=make-namespaces]");
            var veth = page.Locator("article.lesson section.lab-task[data-task-id=make-veth]");
            await Expect(namespaces).ToHaveAttributeAsync("data-status", "open");
            await Expect(veth).ToHaveAttributeAsync("data-status", "locked");

            var terminal = new TerminalDriver(page, "host1");
            await terminal.RunAndWaitAsync("ip netns add red", "bg-0");
            await terminal.RunAndWaitAsync("ip netns add blue", "bg-1");

            await Expect(namespaces).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 60_000 });
            await Expect(veth).ToHaveAttributeAsync("data-status", "open");
            await Expect(page.Locator(".task-overview [data-role=task-progress]")).ToHaveTextAsync("1 of 5 done");
            Assert.Equal(0, await page.Locator("article.lesson section.lab-task[data-last-check]").CountAsync());
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }
}
