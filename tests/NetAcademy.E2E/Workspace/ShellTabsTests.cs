using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using NetAcademy.Testing.Docker;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Workspace;

/// <summary>
/// Several shells on one node: "+" opens another tab with its own bash in the node, what is typed in one never shows
/// in another, closing a tab ends its bash in the node (seen with ps through the docker CLI and from the other shell),
/// a node has at most four (the button stops there and the hub refuses a fifth), and every open tab comes back after
/// the hub connection drops and after a reload.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class ShellTabsTests
{
    private static readonly Regex AlphaPrompt = new(@"root@alpha:.*#");
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromSeconds(60);
    private readonly WorkspaceFixture _fixture;

    public ShellTabsTests(WorkspaceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task NewTerminal_SecondShellOnANode_HasItsOwnProcessAndClosingItEndsThatProcessOnly()
    {
        var page = await _fixture.NewLearnerPageAsync();
        try
        {
            var session = await StartReadyAsync(page);
            var first = new TerminalDriver(page, "alpha", 1);
            await page.GetByRole(AriaRole.Button, new() { Name = "New terminal on alpha" }).ClickAsync();
            var second = new TerminalDriver(page, "alpha", 2);
            await Expect(second.Tab).ToHaveAttributeAsync("aria-selected", "true");
            await Expect(second.Tab).ToHaveTextAsync("alpha 2");
            await second.WaitForAsync(AlphaPrompt, PromptTimeout);

            var secondPid = Pid(await second.RunAndWaitAsync("echo second-pid-$$", "second-done"), "second-pid");
            await first.Tab.ClickAsync();
            var firstPid = Pid(await first.RunAndWaitAsync("echo first-pid-$$", "first-done"), "first-pid");

            Assert.NotEqual(firstPid, secondPid);
            // Both TTYs have the size of the pane they show in (the new one opened at it, not at a default).
            var firstSize = Size(await first.RunAndWaitAsync("echo size-$(stty size | tr ' ' x)", "first-sized"));
            await second.Tab.ClickAsync();
            Assert.Equal(firstSize, Size(await second.RunAndWaitAsync("echo size-$(stty size | tr ' ' x)", "second-sized")));
            await first.Tab.ClickAsync();
            var inNode = await NodeProcessesAsync(session, "alpha");
            Assert.Contains(firstPid, inNode);
            Assert.Contains(secondPid, inNode);
            // Each terminal's whole buffer, scrollback included: neither the typing nor the output crossed over.
            Assert.DoesNotContain("first-pid", await BufferAsync(page, "alpha", 2), StringComparison.Ordinal);
            Assert.DoesNotContain("second-pid", await BufferAsync(page, "alpha", 1), StringComparison.Ordinal);

            await second.Tab.ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Close terminal alpha 2" }).ClickAsync();

            await Expect(second.Tab).ToHaveCountAsync(0);
            await Expect(second.Pane).ToHaveCountAsync(0);
            await Expect(first.Tab).ToHaveAttributeAsync("aria-selected", "true");
            await WaitUntilGoneAsync(session, "alpha", secondPid);
            Assert.Contains(firstPid, await NodeProcessesAsync(session, "alpha"));
            // The first shell sees it too, and still takes commands.
            await first.RunAndWaitAsync($"kill -0 {secondPid} 2>/dev/null || echo gone-{secondPid}-$((2+3))", "checked");
            await first.WaitForAsync(new Regex($"gone-{secondPid}-5"));
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    [Fact]
    public async Task NewTerminal_FourShellsOnANode_ButtonStopsAndTheHubRefusesAFifthUntilOneCloses()
    {
        var page = await _fixture.NewLearnerPageAsync();
        try
        {
            var session = await StartReadyAsync(page);
            var add = page.Locator("[data-action=new-terminal]");
            for (var shell = 2; shell <= 4; shell++)
            {
                await add.ClickAsync();
                await new TerminalDriver(page, "alpha", shell).WaitForAsync(AlphaPrompt, PromptTimeout);
            }

            await Expect(page.Locator("[role=tab][data-node=alpha]")).ToHaveCountAsync(4);
            await Expect(add).ToBeDisabledAsync();
            await Expect(add).ToHaveAttributeAsync("title", new Regex("alpha has 4 terminals"));
            // The cap is per node: beta may still have more.
            await new TerminalDriver(page, "beta").Tab.ClickAsync();
            await Expect(add).ToBeEnabledAsync();
            await Expect(add).ToHaveAccessibleNameAsync("New terminal on beta");

            // A script on the page asks the hub itself for a fifth shell on alpha.
            const string FifthShell = """
                async (session) => {
                  const { openHub } = await import('/js/hub.js');
                  const hub = await openHub('/hubs/workspace');
                  return await new Promise(resolve => hub.stream('Terminal', session, 'alpha', 5, 80, 24)
                    .subscribe({ next: () => resolve('data'), complete: () => resolve('complete'), error: e => resolve(String(e.message)) }));
                }
                """;
            var refused = await page.EvaluateAsync<string>(FifthShell, session);
            Assert.EndsWith("alpha already has 4 terminals open, the most one node may have. Close one of them first.", refused, StringComparison.Ordinal);

            // Delete on a focused tab closes it (the keyboard's way); then the hub has room again.
            var third = new TerminalDriver(page, "alpha", 3);
            var secondTab = new TerminalDriver(page, "alpha", 2).Tab;
            await secondTab.ClickAsync();
            await secondTab.FocusAsync();
            await page.Keyboard.PressAsync("ArrowRight");
            await Expect(third.Tab).ToBeFocusedAsync();
            await Expect(third.Tab).ToHaveAttributeAsync("aria-selected", "true");
            await page.Keyboard.PressAsync("Delete");
            await Expect(third.Tab).ToHaveCountAsync(0);
            await Expect(page.Locator("[role=tab][data-node=alpha]")).ToHaveCountAsync(3);
            await Expect(add).ToBeEnabledAsync();
            await Expect(page.Locator("[role=tab][data-node=alpha][aria-selected=true]")).ToBeFocusedAsync();
            // The page's close may still be on its way to the server.
            var answer = "";
            for (var attempt = 0; attempt < 30 && answer != "data"; attempt++)
            {
                answer = await page.EvaluateAsync<string>(FifthShell, session);
                if (answer != "data")
                {
                    await Task.Delay(500);
                }
            }
            Assert.Equal("data", answer);
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    [Fact]
    public async Task Reconnect_AfterTheHubConnectionDropsOrAReload_EveryOpenTabGetsItsOwnShellBack()
    {
        var page = await _fixture.NewLearnerPageAsync();
        await page.Context.AddInitScriptAsync("""
            (() => {
              const Native = window.WebSocket;
              window.openedSockets = [];
              window.WebSocket = function (...args) { const ws = new Native(...args); window.openedSockets.push(ws); return ws; };
              window.WebSocket.prototype = Native.prototype;
              Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
            })();
            """);
        try
        {
            await StartReadyAsync(page);
            var first = new TerminalDriver(page, "alpha", 1);
            var second = new TerminalDriver(page, "alpha", 2);
            await page.GetByRole(AriaRole.Button, new() { Name = "New terminal on alpha" }).ClickAsync();
            await second.WaitForAsync(AlphaPrompt, PromptTimeout);
            var secondPid = Pid(await second.RunAndWaitAsync("echo before-$$", "noted"), "before");
            await second.RunAsync("sleep 4; echo away-two-$((6*7))");
            await first.Tab.ClickAsync();
            await first.RunAsync("sleep 4; echo away-one-$((6*7))");

            await page.RouteAsync("**/hubs/**", route => route.AbortAsync("internetdisconnected"));
            await page.EvaluateAsync("() => window.openedSockets.filter(ws => ws.readyState === 1).forEach(ws => ws.close())");
            await Expect(page.Locator("#workspace")).Not.ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 10_000 });
            await Task.Delay(TimeSpan.FromSeconds(6));
            await page.UnrouteAsync("**/hubs/**");
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 30_000 });

            // Each tab shows what its own shell printed while away, and nothing of the other's.
            await first.WaitForAsync(new Regex("away-one-42"));
            await second.Tab.ClickAsync();
            await second.WaitForAsync(new Regex("away-two-42"));
            Assert.DoesNotContain("away-one", await BufferAsync(page, "alpha", 2), StringComparison.Ordinal);
            Assert.DoesNotContain("away-two", await BufferAsync(page, "alpha", 1), StringComparison.Ordinal);
            // The same bash as before, and it takes commands.
            Assert.Equal(secondPid, Pid(await second.RunAndWaitAsync("echo after-$$", "again"), "after"));

            // A reload shows every shell the node has open, each tab on its own shell still.
            await page.ReloadAsync();
            await Expect(page.Locator("[role=tab][data-node=alpha]")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
            await second.Tab.ClickAsync();
            Assert.Equal(secondPid, Pid(await second.RunAndWaitAsync("echo reloaded-$$", "reloaded"), "reloaded"));
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    /// <summary>Starts the two-node fixture lab and waits for alpha's prompt; returns the session id.</summary>
    private static async Task<string> StartReadyAsync(IPage page)
    {
        await WorkspaceFixture.StartLabAsync(page, "two-nodes");
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        await new TerminalDriver(page, "alpha").WaitForAsync(AlphaPrompt, PromptTimeout);
        return await page.Locator("#workspace").GetAttributeAsync("data-session-id") ?? throw new InvalidOperationException("The workspace has no session id.");
    }

    /// <summary>The number printed after <paramref name="label"/>- on the screen (a shell's $$).</summary>
    private static int Pid(string screen, string label)
    {
        var match = Regex.Match(screen, Regex.Escape(label) + @"-(\d+)");
        Assert.True(match.Success, $"No {label}-<pid> on the screen:\n{screen}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The TTY size printed as size-ROWSxCOLS on the screen.</summary>
    private static string Size(string screen)
    {
        var match = Regex.Match(screen, @"size-(\d+x\d+)");
        Assert.True(match.Success, $"No size-<rows>x<cols> on the screen:\n{screen}");
        return match.Groups[1].Value;
    }

    /// <summary>Everything in a terminal's buffer (scrollback and screen), read from the page's xterm.js instance.</summary>
    private static Task<string> BufferAsync(IPage page, string node, int shell) =>
        page.EvaluateAsync<string>("""
            async ([node, shell]) => {
              const { workspaceOf } = await import('/js/workspace.js');
              const { terminalKey } = await import('/js/terminal-shells.js');
              const buffer = workspaceOf(document.getElementById('workspace')).terminals.get(terminalKey(node, shell)).term.buffer.active;
              const lines = [];
              for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
              return lines.join('\n');
            }
            """, new object[] { node, shell });

    /// <summary>The process ids in a node, through the docker CLI (an independent view of the node).</summary>
    private static async Task<IReadOnlyList<int>> NodeProcessesAsync(string session, string node) =>
        (await DockerCli.LinesAsync("exec", $"na-{session}-{node}", "ps", "-e", "-o", "pid="))
            .Select(line => int.Parse(line, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static async Task WaitUntilGoneAsync(string session, string node, int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        IReadOnlyList<int> processes = [];
        while (DateTime.UtcNow < deadline)
        {
            processes = await NodeProcessesAsync(session, node);
            if (!processes.Contains(pid))
            {
                return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Process {pid} is still in {node} after its tab closed: {string.Join(' ', processes)}");
    }
}
