using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Reliability;

/// <summary>
/// The browser loses the server for 30 s while a command in the terminal keeps printing: the hub's
/// WebSocket is closed and every reconnection attempt is refused until the network "comes back". The
/// workspace then reconnects by itself and the terminal shows what was printed while it was away (the
/// server replays the shell's last 64 KiB), and the shell still takes commands.
/// </summary>
public sealed class ConnectionLossTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public ConnectionLossTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Workspace_OfflineThirtySeconds_ReconnectsAndShowsOutputPrintedMeanwhile()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            var terminal = new TerminalDriver(page, "host1");
            await terminal.WaitForAsync(new Regex(@"root@host1:.*#"));
            await terminal.RunAsync("sleep 8; echo while-away-$((6*7))");

            // Refuse every new hub request (negotiate, WebSocket, long polling), then drop the live socket.
            await page.RouteAsync("**/hubs/**", route => route.AbortAsync("internetdisconnected"));
            await page.EvaluateAsync("() => window.openedSockets.filter(ws => ws.readyState === 1).forEach(ws => ws.close())");
            await Expect(page.Locator("#workspace")).Not.ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 10_000 });
            await Task.Delay(TimeSpan.FromSeconds(30));
            Assert.DoesNotMatch(new Regex("while-away-42"), await terminal.ScreenAsync());
            await page.UnrouteAsync("**/hubs/**");

            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 30_000 });
            await Expect(page.Locator(".terminal-pane[data-node=host1]")).ToHaveAttributeAsync("data-attached", "true");
            await terminal.WaitForAsync(new Regex("while-away-42"));
            await terminal.RunAndWaitAsync("echo back-$((5+5))", "after");
            await terminal.WaitForAsync(new Regex("back-10"));
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task Workspace_LabStoppedElsewhereWhileOffline_ShowsStoppedAfterReconnect()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        var other = await page.Context.NewPageAsync();
        var stopped = false;
        try
        {
            // The same learner has the lab open in a second tab.
            await other.GotoAsync(page.Url);
            await Expect(other.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready");

            await page.RouteAsync("**/hubs/**", route => route.AbortAsync("internetdisconnected"));
            await page.EvaluateAsync("() => window.openedSockets.filter(ws => ws.readyState === 1).forEach(ws => ws.close())");
            await Expect(page.Locator("#workspace")).Not.ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 10_000 });

            // Stopped from the other tab: the offline page misses the broadcast, and the session is gone when it is back.
            await LabPage.PressStopAsync(other);
            await Expect(other.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
            stopped = true;
            await page.UnrouteAsync("**/hubs/**");

            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 30_000 });
            // The page's live components followed the session on the server while the page was offline: they know why.
            await Expect(page.Locator("[data-role=error]")).ToContainTextAsync("The lab was stopped (stopped by the learner)");
        }
        finally
        {
            if (!stopped)
            {
                await LabPage.StopAsync(page);
            }
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Workspace_ScriptFailsToLoad_PageLoadsAgainAndTheWorkspaceStarts()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            // As when the browser cancels loads because its network changed: the first fetch of one module fails.
            var hubFetches = await FailFirstFetchAsync(page, "**/js/hub.js");
            await page.ReloadAsync();

            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 30_000 });
            await Expect(page.Locator(".terminal-pane[data-node=host1]")).ToHaveAttributeAsync("data-attached", "true");
            Assert.True(hubFetches() >= 2, $"hub.js was fetched {hubFetches()} time(s)");
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task Workspace_HubClientAndBootScriptFailToLoad_TheIslandLoadsThePageAgainAndTheWorkspaceStarts()
    {
        // Seen in a full run: the browser cancelled the page's loads when the host's interfaces changed
        // (net::ERR_NETWORK_CHANGED); the hub client's classic script and the boot guard were lost, the terminal island
        // could not mount, and nothing loaded the page again. Here both fail on their first fetch.
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            var signalrFetches = await FailFirstFetchAsync(page, "**/lib/signalr/signalr.min.js");
            await FailFirstFetchAsync(page, "**/js/workspace-boot.js");
            await page.ReloadAsync();

            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 30_000 });
            await Expect(page.Locator(".terminal-pane[data-node=host1]")).ToHaveAttributeAsync("data-attached", "true");
            Assert.True(signalrFetches() >= 2, $"signalr.min.js was fetched {signalrFetches()} time(s)");
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    /// <summary>
    /// The first fetch of what <paramref name="pattern"/> matches fails, as when the browser cancels its loads because
    /// its network changed; later fetches go through. Returns how many fetches there were so far.
    /// </summary>
    private static async Task<Func<int>> FailFirstFetchAsync(IPage page, string pattern)
    {
        var fetches = 0;
        await page.RouteAsync(pattern, async route =>
        {
            if (Interlocked.Increment(ref fetches) == 1)
            {
                await route.AbortAsync("internetdisconnected");
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        return () => Volatile.Read(ref fetches);
    }
}
