using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Grading;

/// <summary>
/// A learner completes the veth lab's five tasks by typing in the terminal; each Check fails with the reason to act on
/// before the command and passes after it. The course page then shows the progress, and an admin sees it and
/// observes the running lab read-only while the learner's workspace says so.
/// </summary>
public sealed class GradingFlowTests : IClassFixture<BrowserFixture>
{
    private const string LessonUrl = "/courses/linux-networking/veth-pairs";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(60);
    private readonly BrowserFixture _fixture;

    public GradingFlowTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Learner_CompletesVethLabByTyping_ChecksFollowTheCommandsAndInstructorObservesReadOnly()
    {
        var learnerName = "l" + Guid.NewGuid().ToString("n")[..10];
        var page = await _fixture.NewSignedInPageAsync("learner", learnerName);
        await page.GotoAsync(LessonUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        var workspaceUrl = page.Url;
        try
        {
            var terminal = new TerminalDriver(page, "host1");
            await terminal.WaitForAsync(new Regex(@"root@host1:.*#"));
            await Expect(page.Locator(".task-overview [data-role=task-progress]")).ToHaveTextAsync("0 of 5 done");

            // A locked task is refused with the reason, not checked.
            await TaskBlock(page, "make-veth").Locator("button.lab-task-check").ClickAsync();
            await Expect(TaskBlock(page, "make-veth").Locator(".lab-task-results")).ToContainTextAsync("locked: finish “Create the red and blue namespaces” first");
            await Expect(TaskBlock(page, "make-veth")).ToHaveAttributeAsync("data-status", "locked");

            await FailThenPassAsync(page, terminal, "make-namespaces", "There is no namespace called red yet",
                "ip netns add red", "ip netns add blue");
            // The failed check unfolded the first hint.
            await Expect(TaskBlock(page, "make-namespaces").Locator("details.hint").First).ToHaveAttributeAsync("open", "");

            await FailThenPassAsync(page, terminal, "make-veth", "veth-red",
                "ip link add veth-red type veth peer name veth-blue", "ip link set veth-red netns red", "ip link set veth-blue netns blue");
            await FailThenPassAsync(page, terminal, "address-and-ping", "veth-red",
                "ip -n red addr add 10.0.0.1/24 dev veth-red", "ip -n blue addr add 10.0.0.2/24 dev veth-blue",
                "ip -n red link set veth-red up", "ip -n blue link set veth-blue up");
            await FailThenPassAsync(page, terminal, "one-end-down", "100% packet loss", "ip -n blue link set veth-blue down");
            await FailThenPassAsync(page, terminal, "bring-back-up", "carrier", "ip -n blue link set veth-blue up");

            await Expect(page.Locator(".task-overview [data-role=task-progress]")).ToHaveTextAsync("5 of 5 done");
            var complete = page.Locator("[data-role=lab-complete]");
            await Expect(complete).ToBeVisibleAsync();
            await Expect(complete).ToContainTextAsync("Lab complete");
            await Expect(complete.Locator("[data-role=next-lesson]")).ToHaveAttributeAsync("href", "/courses/linux-networking/linux-bridge");

            // Staff see the learner's progress and observe the lab: an admin here, since an instructor sees only the
            // courses whose course.yaml lists them and the shipped content lists nobody (ObservationScopeTests covers them).
            var instructor = await _fixture.NewSignedInPageAsync("admin");
            // Course staff have the Instructor link in the menu; a learner has not.
            await Expect(page.Locator("[data-role=instructor-link]")).ToHaveCountAsync(0);
            await instructor.GotoAsync("/");
            await instructor.Locator("[data-role=instructor-link]").ClickAsync();
            await Expect(instructor).ToHaveURLAsync(new Regex("/instructor$"));
            await instructor.GotoAsync("/instructor/courses/linux-networking");
            var row = instructor.Locator($"section[data-lab=veth-pairs] tr[data-user={learnerName}]");
            await Expect(row.Locator("[data-role=learner-done]")).ToHaveAttributeAsync("data-done", "5");
            await Expect(row.Locator("td[data-task=bring-back-up]")).ToHaveAttributeAsync("data-status", "done");
            await instructor.Locator($"[data-role=running] tr[data-user={learnerName}] [data-role=observe]").ClickAsync();
            await Expect(instructor.Locator("#observe .terminal-pane[data-node=host1]")).ToHaveAttributeAsync("data-attached", "true");
            await Expect(instructor.Locator("#observe .terminal-pane[data-node=host1] .xterm-rows")).ToContainTextAsync("ip -n blue link set veth-blue up");
            await Expect(instructor.Locator("#observe")).ToHaveAttributeAsync("data-done", "5");

            var banner = page.Locator("[data-role=observed]");
            await Expect(banner).ToBeVisibleAsync();
            await Expect(banner).ToContainTextAsync("An instructor is watching this lab");

            // Typing in the observer's terminal reaches nothing: the learner's shell never sees it.
            await instructor.Locator("#observe .terminal-pane[data-node=host1] .xterm-screen").ClickAsync();
            await instructor.Keyboard.TypeAsync("echo observer-typed-$((6*7))");
            await instructor.Keyboard.PressAsync("Enter");
            await terminal.RunAndWaitAsync("echo learner-still-here", "learner");
            Assert.DoesNotContain("observer-typed", await terminal.ScreenAsync());

            await instructor.Context.CloseAsync();
            await Expect(banner).ToBeHiddenAsync(new() { Timeout = 30_000 });

            // The course page shows the learner's progress.
            await page.GotoAsync("/courses/linux-networking");
            var lesson = page.Locator("li[data-lesson=veth-pairs]");
            await Expect(lesson.Locator("[data-role=lesson-progress]")).ToHaveAttributeAsync("data-done", "5");
            await Expect(lesson.Locator("[data-role=lesson-done]")).ToBeVisibleAsync();
            await page.GotoAsync(LessonUrl);
            await Expect(page.Locator("[data-role=lab-progress]")).ToContainTextAsync("5 of 5 tasks done");
        }
        finally
        {
            await page.GotoAsync(workspaceUrl);
            await LabPage.PressStopAsync(page);
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
        }
    }

    private static ILocator TaskBlock(IPage page, string id) => page.Locator($"article.lesson section.lab-task[data-task-id={id}]");

    /// <summary>Check before the commands: the reason shows and the task stays open. Run them, check again: done.</summary>
    private static async Task FailThenPassAsync(IPage page, TerminalDriver terminal, string task, string reason, params string[] commands)
    {
        var block = TaskBlock(page, task);
        await Expect(block).ToHaveAttributeAsync("data-status", "open", new() { Timeout = (float)CheckTimeout.TotalMilliseconds });
        await block.Locator("button.lab-task-check").ClickAsync();
        await Expect(block).ToHaveAttributeAsync("data-last-check", "failed", new() { Timeout = (float)CheckTimeout.TotalMilliseconds });
        await Expect(block.Locator(".lab-task-results")).ToContainTextAsync(reason);
        await Expect(block).ToHaveAttributeAsync("data-status", "open");

        for (var i = 0; i < commands.Length; i++)
        {
            await terminal.RunAndWaitAsync(commands[i], $"{task}-{i}");
        }

        await block.Locator("button.lab-task-check").ClickAsync();
        await Expect(block).ToHaveAttributeAsync("data-status", "done", new() { Timeout = (float)CheckTimeout.TotalMilliseconds });
        await Expect(block.Locator(".lab-task-status")).ToContainTextAsync("Done");
    }
}
