using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Workspace;

/// <summary>
/// The workspace of a ready lab shows its terminal first: js/workspace-attach.js mounts the terminal island as soon
/// as the page's stylesheets are in and the terminal area has its size, and imports the graph and packet islands
/// (cytoscape, ELK) only after the first terminal has shown its shell.
/// </summary>
public sealed partial class TerminalFirstTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public TerminalFirstTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task ReadyLabOpened_PromptComesBeforeTheGraphModuleAtThePanesWidth_AndTheGraphStillDraws()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            // Opened again while the lab is ready (a reload, or a warm start's redirect): the snapshot in the page says Ready.
            await page.ReloadAsync();
            var terminal = new TerminalDriver(page, "host1");
            await terminal.WaitForAsync(LabPage.Host1Prompt, TimeSpan.FromSeconds(60));

            // The page's own timeline: the first terminal output, and when the graph's modules were asked for (once
            // the graph island has put its status line in its pane, they were).
            await Expect(page.Locator("[data-role=graph] [data-role=graph-status]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
            var order = await page.EvaluateAsync<JsonElement>("""
                () => {
                  const at = name => performance.getEntriesByName('netacademy:' + name, 'mark')[0]?.startTime ?? null;
                  const fetched = part => performance.getEntriesByType('resource').find(r => r.name.includes(part))?.startTime ?? null;
                  return { output: at('terminal-output'), graph: fetched('/js/graph.js'), cytoscape: fetched('/lib/cytoscape/') };
                }
                """);
            var output = order.GetProperty("output").GetDouble();
            Assert.True(order.GetProperty("graph").GetDouble() > output, $"graph.js was asked for before the terminal's first output: {order}");
            Assert.True(order.GetProperty("cytoscape").GetDouble() > output, $"cytoscape was asked for before the terminal's first output: {order}");
            // Started late, the graph still hears of the connection and the session, and draws the lab's node.
            await page.WaitForFunctionAsync("""
                async () => { const g = (await import('/js/graph.js')).graphOf(document.querySelector('[data-role=graph]')); return !!g && g.cy.nodes().length > 0; }
                """, null, new() { Timeout = 60_000 });

            // The shell's stream was asked for at the pane's width, not at the couple of columns of a terminal measured
            // before the layout placed its pane (js/workspace.js marks the size it asked with); the shell has that size.
            var columns = await page.EvaluateAsync<int>("() => performance.getEntriesByName('netacademy:terminal-stream', 'mark')[0].detail.cols");
            Assert.True(columns >= 40, $"host1's stream was asked for {columns} columns in a 1280-pixel window");
            var size = await terminal.RunAndWaitAsync("stty size", "first-size");
            Assert.Equal(columns, int.Parse(SttySize().Match(size).Groups["cols"].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [GeneratedRegex(@"(?m)^\d+ (?<cols>\d+)\s*$")]
    private static partial Regex SttySize();
}
