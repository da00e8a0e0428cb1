using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Workspace;

/// <summary>
/// Starting a lab and the session bar: the start progress bar with its named, timed steps; a failed start that
/// shows the failing step's output and a Retry that works once the lab is fixed; the time-left warning and Extend.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class SessionBarTests
{
    private readonly WorkspaceFixture _fixture;

    public SessionBarTests(WorkspaceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Start_TwoNodeLab_ProgressBarClimbsThroughNamedTimedSteps()
    {
        var page = await _fixture.NewLearnerPageAsync();
        // Record every value the progress bar shows, from the first render on: the prerendered bar and the live
        // component's, which replaces it once the page's circuit is up.
        await page.Context.AddInitScriptAsync("""
            window.progressSeen = [];
            document.addEventListener('DOMContentLoaded', () => {
              const root = document.getElementById('workspace');
              if (!root) return;
              let shown = null;
              const record = () => {
                const bar = root.querySelector('[role=progressbar][data-role=progress]');
                const value = bar && bar.getAttribute('aria-valuenow');
                if (value !== null && value !== shown) { shown = value; window.progressSeen.push(Number(value)); }
              };
              record();
              new MutationObserver(record).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
            });
            """);
        try
        {
            await WorkspaceFixture.StartLabAsync(page, "two-nodes");
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });

            var seen = await page.EvaluateAsync<int[]>("() => window.progressSeen");
            Assert.Equal(100, seen[^1]);
            Assert.Contains(seen, v => v is > 0 and < 100);
            Assert.Equal(seen.Order(), seen);

            // Every step is named and timed: images, the network, each node (with its interfaces and names), each setup script.
            var text = string.Join("\n", await page.Locator("[data-role=steps] li").AllTextContentsAsync());
            foreach (var name in new[] { "Checking images", "Creating 1 network(s)", "Starting node alpha", "Starting node beta", "Running setup/mark.sh on beta" })
            {
                Assert.Contains(name, text, StringComparison.Ordinal);
            }
            Assert.All(await page.Locator("[data-role=steps] li .step-time").AllTextContentsAsync(), t => Assert.Matches(@"^\d+\.\d s$", t));
            Assert.Equal(6, await page.Locator("[data-role=steps] li.step-done").CountAsync());
            Assert.Equal("6", await page.Locator("#workspace").GetAttributeAsync("data-start-steps"));
            // Once ready, the progress gives way to the terminals.
            await Expect(page.Locator("[data-role=start-progress]")).ToBeHiddenAsync();
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    [Fact]
    public async Task FailedSetup_ShowsFailingStepOutput_RetryAfterFixStartsTheLab()
    {
        var script = Path.Combine(_fixture.LabsRoot, "broken-setup", "setup", "prepare.sh");
        var original = await File.ReadAllTextAsync(script);
        var page = await _fixture.NewLearnerPageAsync();
        try
        {
            await WorkspaceFixture.StartLabAsync(page, "broken-setup");
            var workspace = page.Locator("#workspace");
            await Expect(workspace).ToHaveAttributeAsync("data-state", "Failed", new() { Timeout = 90_000 });

            var progress = page.GetByRole(AriaRole.Progressbar, new() { Name = "Lab start" });
            await Expect(progress).ToBeVisibleAsync();
            var value = int.Parse(await progress.GetAttributeAsync("aria-valuenow") ?? "", CultureInfo.InvariantCulture);
            Assert.InRange(value, 1, 99);
            await Expect(progress).ToHaveAttributeAsync("aria-valuetext", new Regex("failed to start: Running setup/prepare.sh on solo"));
            var failed = page.Locator("[data-role=steps] li.step-failed");
            await Expect(failed).ToHaveCountAsync(1);
            await Expect(failed.Locator("[data-role=step-output]")).ToContainTextAsync("the bridge br-missing does not exist");
            await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "exit code 3" })).ToBeVisibleAsync();
            var retry = page.GetByRole(AriaRole.Button, new() { Name = "Retry" });
            await Expect(retry).ToBeVisibleAsync();

            // The author fixes the script; Retry starts the lab again from scratch and this time it is ready.
            await File.WriteAllTextAsync(script, "#!/bin/sh\necho fixed > /etc/fixture-fixed\n");
            await retry.ClickAsync();
            await Expect(workspace).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
            await Expect(retry).ToBeHiddenAsync();
            await Expect(page.Locator("[data-role=error]")).ToBeHiddenAsync();
            var terminal = new TerminalDriver(page, "solo");
            await terminal.WaitForAsync(new Regex(@"root@solo:.*#"));
            await terminal.RunAndWaitAsync("cat /etc/fixture-fixed", "after-retry");
            await terminal.WaitForAsync(new Regex(@"^fixed\s*$", RegexOptions.Multiline));
        }
        finally
        {
            await File.WriteAllTextAsync(script, original);
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    [Fact]
    public async Task TimeLeft_UnderFiveMinutes_WarnsAndExtendAddsTime()
    {
        // The fixture lab's session is four minutes long, so the warning is on from the start.
        var page = await _fixture.NewLearnerPageAsync();
        try
        {
            await WorkspaceFixture.StartLabAsync(page, "two-nodes");
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
            var timeLeft = page.Locator("[data-role=time-left]");
            await Expect(timeLeft).ToHaveClassAsync(new Regex(@"\bwarning\b"));
            await Expect(timeLeft).ToHaveTextAsync(new Regex(@"^[0-4]:\d\d left$"));
            await Expect(timeLeft).ToHaveAttributeAsync("title", new Regex("Less than five minutes left"));
            var extend = page.GetByRole(AriaRole.Button, new() { Name = "Extend" });
            await Expect(extend).ToHaveClassAsync(new Regex(@"\bprimary\b"));
            await Expect(page.Locator("[data-role=announce]")).ToContainTextAsync("Less than five minutes left");

            await extend.ClickAsync();
            // 30 more minutes (the platform's default Extend) on top of what was left.
            await Expect(timeLeft).ToHaveTextAsync(new Regex(@"^3[0-4]:\d\d left$"));
            await Expect(timeLeft).Not.ToHaveClassAsync(new Regex(@"\bwarning\b"));
            await Expect(extend).Not.ToHaveClassAsync(new Regex(@"\bprimary\b"));
            await Expect(page.Locator("[data-role=connection]")).ToHaveTextAsync("Connected");

            // The limit is in sight: each Extend adds 30 minutes up to four hours from the start, then Extend is off.
            var limit = page.Locator("[data-role=extend-limit]");
            await Expect(limit).ToHaveTextAsync("+30 min, up to 4 h in all");
            for (var i = 0; i < 10 && await extend.IsEnabledAsync(); i++)
            {
                var before = await timeLeft.TextContentAsync();
                await extend.ClickAsync();
                await Expect(timeLeft).Not.ToHaveTextAsync(before ?? "");
            }
            await Expect(extend).ToBeDisabledAsync();
            await Expect(limit).ToHaveTextAsync("at the limit of 4 h");
            await Expect(timeLeft).ToHaveTextAsync(new Regex(@"^23\d:\d\d left$"));
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }
}
