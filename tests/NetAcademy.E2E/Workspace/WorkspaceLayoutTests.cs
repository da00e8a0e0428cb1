using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Workspace;

/// <summary>
/// The workspace's layout on the two-node fixture lab: resizable and remembered splits, full screen, one tab per
/// node, click-to-run, and how it fits a 1280x720 window and a phone.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceLayoutTests
{
    private readonly WorkspaceFixture _fixture;

    public WorkspaceLayoutTests(WorkspaceFixture fixture) => _fixture = fixture;

    private async Task<IPage> ReadyTwoNodeLabAsync(int width = 1280, int height = 720)
    {
        var page = await _fixture.NewLearnerPageAsync(width, height);
        await WorkspaceFixture.StartLabAsync(page, "two-nodes");
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        await Expect(page.Locator(".terminal-pane[data-node=alpha]")).ToHaveAttributeAsync("data-attached", "true");
        return page;
    }

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException($"{locator} is not laid out.");

    [Fact]
    public async Task Splitters_DragAndArrowKeys_ResizeAndAreRememberedPerUser()
    {
        var page = await ReadyTwoNodeLabAsync();
        try
        {
            var lesson = page.Locator(".lesson-pane");
            var handle = page.Locator(".splitter[data-split=lesson]");
            await Expect(handle).ToHaveAttributeAsync("role", "separator");
            var before = (await BoxAsync(lesson)).Width;

            // Drag the lesson | lab handle 200 px to the right.
            var h = await BoxAsync(handle);
            await page.Mouse.MoveAsync(h.X + (h.Width / 2), h.Y + (h.Height / 2));
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(h.X + (h.Width / 2) + 100, h.Y + (h.Height / 2), new() { Steps = 5 });
            await page.Mouse.MoveAsync(h.X + (h.Width / 2) + 200, h.Y + (h.Height / 2), new() { Steps = 5 });
            await page.Mouse.UpAsync();
            var dragged = (await BoxAsync(lesson)).Width;
            Assert.InRange(dragged - before, 180, 220);

            // Arrow keys on the focused handle: two steps of 2 % to the left.
            var valueAfterDrag = int.Parse(await handle.GetAttributeAsync("aria-valuenow") ?? "0");
            await handle.FocusAsync();
            await page.Keyboard.PressAsync("ArrowLeft");
            await page.Keyboard.PressAsync("ArrowLeft");
            await Expect(handle).ToHaveAttributeAsync("aria-valuenow", (valueAfterDrag - 4).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var keyed = (await BoxAsync(lesson)).Width;
            Assert.InRange(dragged - keyed, 0.04 * 1280 - 8, 0.04 * 1280 + 8);

            // The terminals | insight handle moves up and down; the graph | packets handle left and right.
            var terminals = page.Locator("[data-role=terminal-area]");
            var terminalHeight = (await BoxAsync(terminals)).Height;
            await page.Locator(".splitter[data-split=terminal]").FocusAsync();
            await page.Keyboard.PressAsync("Shift+ArrowDown");
            await page.WaitForFunctionAsync($"() => document.querySelector('[data-role=terminal-area]').getBoundingClientRect().height > {(terminalHeight + 20).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            var graphWidth = (await BoxAsync(page.Locator("[data-role=graph]"))).Width;
            await page.Locator(".splitter[data-split=insight]").FocusAsync();
            await page.Keyboard.PressAsync("End");
            Assert.True((await BoxAsync(page.Locator("[data-role=graph]"))).Width > graphWidth + 50);

            // The sizes are stored under the user's name and come back after a reload.
            var stored = await page.EvaluateAsync<string>("async () => { const { layoutOf } = await import('/js/layout.js'); return localStorage.getItem(layoutOf(document.getElementById('workspace')).storeKey); }");
            var userName = await page.Locator("[data-role=user-name]").GetAttributeAsync("title");
            Assert.EndsWith("." + userName, await page.EvaluateAsync<string>("async () => { const { layoutOf } = await import('/js/layout.js'); return layoutOf(document.getElementById('workspace')).storeKey; }"), StringComparison.Ordinal);
            var sizes = JsonDocument.Parse(stored).RootElement;
            Assert.Equal(85, sizes.GetProperty("insight").GetDouble());
            await page.ReloadAsync();
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready");
            var restored = (await BoxAsync(lesson)).Width;
            Assert.True(Math.Abs(restored - keyed) <= 2, $"lesson width {restored} after reload, {keyed} before (drag {before} -> {dragged}); stored {stored}");
            // Heights depend on how the session bar wraps; the share is what is remembered.
            await Expect(page.Locator(".splitter[data-split=terminal]")).ToHaveAttributeAsync("aria-valuenow", Math.Round(sizes.GetProperty("terminal").GetDouble()).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(60, sizes.GetProperty("terminal").GetDouble());
            await Expect(page.Locator(".splitter[data-split=insight]")).ToHaveAttributeAsync("aria-valuenow", "85");
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    [Fact]
    public async Task FullScreen_CtrlShiftFAndEsc_TerminalFillsWindowAndTypingStillWorks()
    {
        var page = await ReadyTwoNodeLabAsync();
        try
        {
            var terminal = new TerminalDriver(page, "alpha");
            await terminal.WaitForAsync(new Regex(@"root@alpha:.*#"));
            await terminal.FocusAsync();
            await page.Keyboard.PressAsync("Control+Shift+F");

            var area = page.Locator("[data-role=terminal-area]");
            await Expect(area).ToHaveClassAsync(new Regex(@"\bfullscreen\b"));
            var box = await BoxAsync(area);
            Assert.Equal((0d, 0d, 1280d, 720d), (box.X, box.Y, box.Width, box.Height));
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Exit full screen" })).ToHaveAttributeAsync("aria-pressed", "true");

            // The shell still gets the keys (and Ctrl+Shift+F never reached it as Ctrl+F).
            await page.Keyboard.TypeAsync("echo full-$((20+3))");
            await page.Keyboard.PressAsync("Enter");
            await terminal.WaitForAsync(new Regex("full-23"));
            // Esc inside the terminal belongs to the program there (vi, less): it does not leave.
            await page.Keyboard.PressAsync("Escape");
            await Expect(area).ToHaveClassAsync(new Regex(@"\bfullscreen\b"));
            await page.Keyboard.PressAsync("Control+Shift+F");
            await Expect(area).Not.ToHaveClassAsync(new Regex(@"\bfullscreen\b"));

            // The graph has its own Full screen button; Esc (outside a terminal) leaves.
            var graph = page.Locator("[data-role=graph]");
            await graph.GetByRole(AriaRole.Button, new() { Name = "Full screen" }).ClickAsync();
            await Expect(graph).ToHaveClassAsync(new Regex(@"\bfullscreen\b"));
            var graphBox = await BoxAsync(page.Locator("[data-role=graph-canvas]"));
            Assert.True(graphBox.Width >= 1200 && graphBox.Height >= 500, $"the graph canvas is {graphBox.Width}x{graphBox.Height} in full screen");
            await page.Keyboard.PressAsync("Escape");
            await Expect(graph).Not.ToHaveClassAsync(new Regex(@"\bfullscreen\b"));
            await Expect(page.Locator("#workspace")).Not.ToHaveAttributeAsync("data-fullscreen", new Regex(".+"));
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    [Fact]
    public async Task Tabs_OnePerNode_ClickAndArrowKeysSwitchTerminals()
    {
        var page = await ReadyTwoNodeLabAsync();
        try
        {
            var tabs = page.GetByRole(AriaRole.Tab);
            await Expect(tabs).ToHaveTextAsync(["alpha", "beta"]);
            var alphaTab = page.GetByRole(AriaRole.Tab, new() { Name = "alpha" });
            var betaTab = page.GetByRole(AriaRole.Tab, new() { Name = "beta" });
            await Expect(alphaTab).ToHaveAttributeAsync("aria-selected", "true");

            await betaTab.ClickAsync();
            await Expect(betaTab).ToHaveAttributeAsync("aria-selected", "true");
            await Expect(page.GetByRole(AriaRole.Tabpanel, new() { Name = "beta" })).ToBeVisibleAsync();
            await Expect(page.Locator(".terminal-pane[data-node=alpha]")).ToBeHiddenAsync();
            await new TerminalDriver(page, "beta").WaitForAsync(new Regex(@"root@beta:.*#"));

            // The tab list follows the ARIA tabs pattern: arrows move between nodes.
            await betaTab.FocusAsync();
            await page.Keyboard.PressAsync("ArrowLeft");
            await Expect(alphaTab).ToBeFocusedAsync();
            await Expect(alphaTab).ToHaveAttributeAsync("aria-selected", "true");
            await Expect(page.Locator(".terminal-pane[data-node=alpha]")).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("End");
            await Expect(betaTab).ToHaveAttributeAsync("aria-selected", "true");
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    [Fact]
    public async Task RunButton_OnBetaBlock_SendsToBetaTerminalAndFocusesIt()
    {
        var page = await ReadyTwoNodeLabAsync();
        try
        {
            await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "alpha" })).ToHaveAttributeAsync("aria-selected", "true");
            var beta = new TerminalDriver(page, "beta");
            await page.GetByRole(AriaRole.Button, new() { Name = "Run on beta" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "beta" })).ToHaveAttributeAsync("aria-selected", "true");
            await beta.WaitForAsync(new Regex("ran-on-beta-42"));
            Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('.terminal-pane[data-node=beta]').contains(document.activeElement)"),
                "the beta terminal does not have the focus after Run on beta");

            // The block for alpha goes to alpha, and shows what the fixture's setup wrote there.
            await page.GetByRole(AriaRole.Button, new() { Name = "Run on alpha" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "alpha" })).ToHaveAttributeAsync("aria-selected", "true");
            await new TerminalDriver(page, "alpha").WaitForAsync(new Regex("set up by the fixture"));
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    [Fact]
    public async Task Viewport1280x720_LessonTerminalGraphAndPacketsAllFitWithoutScrolling()
    {
        var page = await ReadyTwoNodeLabAsync(1280, 720);
        try
        {
            await page.EvaluateAsync("() => localStorage.clear()");
            await page.ReloadAsync();
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready");
            await Expect(page.Locator("[data-role=graph]")).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 30_000 });
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth"),
                "the workspace page scrolls at 1280x720");
            foreach (var part in new[] { ".lesson-pane", "[data-role=terminal-area]", "[data-role=graph-canvas]", "[data-role=packets]" })
            {
                var box = await BoxAsync(page.Locator(part));
                var layout = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('.lab-pane > *, .insight > *, .graph-pane > *')].map(e => e.className + ':' + Math.round(e.getBoundingClientRect().top) + '+' + Math.round(e.getBoundingClientRect().height)).join(' | ')");
                Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= 1280.5 && box.Y + box.Height <= 720.5, $"{part} is outside the window: {box.X},{box.Y} {box.Width}x{box.Height}; {layout}");
            }
            var graph = await BoxAsync(page.Locator("[data-role=graph-canvas]"));
            Assert.True(graph.Width >= 380 && graph.Height >= 150, $"the graph canvas is only {graph.Width}x{graph.Height}");
            var terminal = await BoxAsync(page.Locator(".terminal-pane[data-node=alpha]"));
            Assert.True(terminal.Height >= 200, $"the terminal is only {terminal.Height} px high");
            await Expect(page.Locator(".small-screen-note")).ToBeHiddenAsync();
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    [Fact]
    public async Task PhoneViewport_LessonAndWorkspace_StackWithReadableTextAndNoSideScroll()
    {
        var page = await _fixture.NewLearnerPageAsync(390, 844);
        try
        {
            // The lesson page on its own.
            await page.GotoAsync("/courses/workspace-fixtures/two-nodes");
            await AssertReadableAsync(page, ".lesson");

            // The workspace: the lesson first at full width, the lab below with a note about screen size.
            await page.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
            await AssertReadableAsync(page, ".lesson-pane .lesson");
            var lessonBox = await BoxAsync(page.Locator(".lesson-pane"));
            var labBox = await BoxAsync(page.Locator(".lab-pane"));
            Assert.True(labBox.Y >= lessonBox.Y + lessonBox.Height - 1, "the lab is not below the lesson on a phone");
            await Expect(page.Locator(".small-screen-note")).ToBeVisibleAsync();
            await Expect(page.Locator(".splitter[data-split=lesson]")).ToBeHiddenAsync();
        }
        finally
        {
            await WorkspaceFixture.StopLabAsync(page);
        }
    }

    // Readable: the text column fills most of the width, the body text is at least 15 px and nothing makes the
    // page scroll sideways.
    private static async Task AssertReadableAsync(IPage page, string selector)
    {
        var width = page.ViewportSize!.Width;
        var box = await BoxAsync(page.Locator(selector).First);
        Assert.True(box.Width >= width * 0.8 && box.X >= 0 && box.X + box.Width <= width, $"{selector} is {box.Width} px wide at x={box.X} on a {width} px screen");
        var fontSize = await page.Locator(selector + " p").First.EvaluateAsync<double>("p => parseFloat(getComputedStyle(p).fontSize)");
        Assert.True(fontSize >= 15, $"body text is {fontSize} px");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
    }
}
