using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Workspace;

/// <summary>A learner opens the veth lesson, starts its lab, works in the terminal and stops the lab.</summary>
public sealed class FirstLabTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public FirstLabTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Learner_StartsLabTypesAndStops_TerminalShowsRealInterfacesAndStopRemovesEverything()
    {
        var page = await _fixture.NewPageAsync();
        await LabPage.OpenVethLessonAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lab: Network namespaces and veth pairs" })).ToBeVisibleAsync();
        await LabPage.StartAsync(page);
        try
        {
            var terminal = new TerminalDriver(page, "host1");

            await terminal.RunAsync("ip -br link");
            var screen = await terminal.WaitForAsync(new Regex(@"eth0(@\S+)?\s+UP"));
            Assert.Matches(new Regex(@"\blo\s+UNKNOWN"), screen);

            await terminal.RunAsync("ip link add va type veth peer name vb && ip -br link");
            await terminal.WaitForAsync(new Regex(@"va@vb"));
            await terminal.WaitForAsync(new Regex(@"vb@va"));

            Assert.NotEmpty(await DockerLeftovers.ContainersAsync(_fixture.Instance));
        }
        finally
        {
            await LabPage.PressStopAsync(page);
        }
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
        Assert.Empty(await DockerLeftovers.ContainersAsync(_fixture.Instance));
        Assert.Empty(await DockerLeftovers.NetworksAsync(_fixture.Instance));
    }

    [Fact]
    public async Task Terminal_ControlKeysUnicodeResizeAndReconnect_AllWork()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            var terminal = new TerminalDriver(page, "host1");

            // Ctrl-C interrupts a running program and gives the prompt back.
            await terminal.RunAsync("sleep 300");
            await Task.Delay(500);
            await page.Keyboard.PressAsync("Control+C");
            await terminal.RunAndWaitAsync("echo interrupted", "after-ctrl-c");

            // Arrow up recalls the previous command.
            await terminal.RunAsync("echo recall-$((1+1))");
            await terminal.WaitForAsync(new Regex("recall-2"));
            await page.Keyboard.PressAsync("ArrowUp");
            await page.Keyboard.PressAsync("Enter");
            await terminal.WaitForAsync(new Regex("(echo recall-\\$\\(\\(1\\+1\\)\\)\\s+recall-2\\s+[\\s\\S]*){2}"));

            // Unicode goes both ways.
            await terminal.RunAsync("echo 'héllo ✓ 日本'");
            await terminal.WaitForAsync(new Regex("héllo ✓ 日本\\s*\\n.*#"));

            // The TTY follows the window size.
            var before = await terminal.RunAndWaitAsync("stty size", "size-a");
            await page.SetViewportSizeAsync(1600, 1000);
            await Task.Delay(800);
            await terminal.RunAsync("clear");
            var after = await terminal.RunAndWaitAsync("stty size", "size-b");
            Assert.NotEqual(SttySize(before), SttySize(after));

            // The socket drops: the page reconnects and the same shell keeps its state.
            await terminal.RunAsync("export MARK=kept-$((3*3))");
            await page.EvaluateAsync("""
                async () => {
                  const { workspaceOf } = await import('/js/workspace.js');
                  const hub = workspaceOf(document.getElementById('workspace')).connection;
                  window.sawReconnecting = false;
                  hub.onreconnecting(() => { window.sawReconnecting = true; });
                  window.openedSockets.filter(ws => ws.readyState === 1).forEach(ws => ws.close());
                }
                """);
            await page.WaitForFunctionAsync("() => window.sawReconnecting === true");
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 30_000 });
            await Expect(page.Locator(".terminal-pane[data-node=host1]")).ToHaveAttributeAsync("data-attached", "true");
            await terminal.RunAndWaitAsync("echo $MARK", "reconnected");
            await terminal.WaitForAsync(new Regex("kept-9"));
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    private static string SttySize(string screen)
    {
        var matches = Regex.Matches(screen, @"^(\d+ \d+)\s*$", RegexOptions.Multiline);
        return matches.Count > 0 ? matches[^1].Groups[1].Value : throw new InvalidOperationException($"No stty size on screen:\n{screen}");
    }
}
