using System.Text.Json;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Packets;

/// <summary>
/// The packet table reads like Wireshark's packet list: one line per packet whatever its summary, a drawer for the
/// selected packet reached by mouse and keyboard, and the grader's own probes out of the way until asked for.
/// </summary>
public sealed class PacketTableTests : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(60);
    private readonly BrowserFixture _fixture;

    public PacketTableTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Rows_LongSummariesAt1440x900AndInANarrowerPane_AreOneLineEach()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture, new ViewportSize { Width = 1440, Height = 900 });
        try
        {
            var terminal = new TerminalDriver(page, "host1");
            await LabPage.JoinRedAndBlueAsync(terminal);
            var packets = await LabPage.CaptureIcmpOnRedAsync(page);

            // Echoes and port unreachables, whose info quotes the datagram they answer: the longest lines a lab makes.
            await terminal.RunAndWaitAsync(
                "ip netns exec blue ping -c 2 -i 0.3 10.0.0.1 >/dev/null; for p in 9 10 11; do echo x | ip netns exec blue nc -u -w 1 10.0.0.1 $p; done",
                "traffic-done");
            var rows = packets.Locator("tbody tr:not([hidden])");
            await Expect(packets.Locator("tbody tr", new() { HasTextString = "ICMP dest unreachable (port)" })).ToHaveCountAsync(3);
            await Expect(rows).ToHaveCountAsync(7);

            await AssertOneLineRowsAsync(page, 7);
            // The default size shows all six columns, each cell in the pane with room for its text to be read.
            await AssertAllColumnsShownAsync(page, 7);

            // A narrower window squeezes the pane: still one line a row, the columns cut shorter.
            await page.SetViewportSizeAsync(1100, 800);
            await AssertOneLineRowsAsync(page, 7);
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task Drawer_ClickOrKeyboard_ShowsTheSelectedPacketsLayersAndFields()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture, new ViewportSize { Width = 1440, Height = 900 });
        try
        {
            var terminal = new TerminalDriver(page, "host1");
            await LabPage.JoinRedAndBlueAsync(terminal);
            var packets = await LabPage.CaptureIcmpOnRedAsync(page);
            await terminal.RunAndWaitAsync("ip netns exec blue ping -c 2 -i 0.3 10.0.0.1 >/dev/null", "ping-done");
            var rows = packets.Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(4);

            var request = rows.Nth(0);
            await Expect(request.Locator("td.source")).ToHaveTextAsync("10.0.0.2");
            await Expect(request.Locator("td.destination")).ToHaveTextAsync("10.0.0.1");
            await Expect(request.Locator("td.protocol")).ToHaveTextAsync("ICMP");
            await Expect(request.Locator("td.info")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^ICMP echo request id=\d+ seq=1$"));

            await request.ClickAsync();
            var drawer = packets.Locator("[data-role=packet-detail]");
            await Expect(drawer).ToBeVisibleAsync();
            await Expect(request).ToHaveAttributeAsync("aria-selected", "true");
            await Expect(drawer.Locator("h3")).ToContainTextAsync("Packet 1:");
            var ipv4 = drawer.Locator("details", new() { HasTextString = "IPv4 — bytes 14–33" });
            await Expect(ipv4.Locator("dt", new() { HasTextString = "ip.src" })).ToHaveCountAsync(1);
            await Expect(ipv4.Locator("dd").First).ToHaveTextAsync("10.0.0.2");
            await Expect(drawer.Locator("details", new() { HasTextString = "Icmp" }).Locator("dt", new() { HasTextString = "icmp.seq" })).ToHaveCountAsync(1);
            await Expect(drawer.Locator(".packet-hex")).ToContainTextAsync("0000  ");

            // Keyboard: the arrows move the row (the open drawer follows), Escape closes and gives the row the focus back,
            // Enter opens the drawer again with the focus in it.
            await request.FocusAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await Expect(rows.Nth(1)).ToBeFocusedAsync();
            await Expect(drawer.Locator("h3")).ToContainTextAsync("Packet 2:");
            await page.Keyboard.PressAsync("End");
            await Expect(rows.Nth(3)).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Escape");
            await Expect(drawer).ToBeHiddenAsync();
            await Expect(rows.Nth(3)).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Home");
            await Expect(rows.Nth(0)).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(drawer).ToBeFocusedAsync();
            await Expect(drawer.Locator("h3")).ToContainTextAsync("Packet 1:");
            await page.Keyboard.PressAsync("Escape");
            await Expect(drawer).ToBeHiddenAsync();
            await Expect(rows.Nth(0)).ToBeFocusedAsync();
            // One tab stop for the whole table: the focused row is the one Tab comes back to.
            Assert.Equal(1, await packets.Locator("tbody tr[tabindex='0']").CountAsync());
            // The table's accessor, reached through the module the page loaded (no window global).
            var table = await page.EvaluateAsync<JsonElement>("""
                async () => {
                  const { packetsOf } = await import('/js/packets.js');
                  const table = packetsOf(document.querySelector('[data-role=packets]'));
                  return { state: table.capture.state, node: table.capture.node, rendered: table.stats.rendered, global: 'netacademyPackets' in window };
                }
                """);
            Assert.Equal("Running", table.GetProperty("state").GetString());
            Assert.Equal("host1", table.GetProperty("node").GetString());
            Assert.Equal(4, table.GetProperty("rendered").GetInt32());
            Assert.False(table.GetProperty("global").GetBoolean());
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task GraderProbes_CheckPingsDuringACapture_HiddenByDefaultAndShownMarkedByTheToggle()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture, new ViewportSize { Width = 1440, Height = 900 });
        try
        {
            var terminal = new TerminalDriver(page, "host1");
            await LabPage.JoinRedAndBlueAsync(terminal);
            var packets = await LabPage.CaptureIcmpOnRedAsync(page);

            // The learner's own pings, then the grader's: "Address both ends and ping across" checks with a ping from red.
            await terminal.RunAndWaitAsync("ip netns exec blue ping -c 3 -i 0.3 10.0.0.1 >/dev/null", "ping-done");
            foreach (var task in new[] { "make-namespaces", "make-veth", "address-and-ping" })
            {
                var block = page.Locator($"article.lesson section.lab-task[data-task-id={task}]");
                await block.Locator("button.lab-task-check").ClickAsync();
                await Expect(block).ToHaveAttributeAsync("data-status", "done", new() { Timeout = (float)CheckTimeout.TotalMilliseconds });
            }

            var probes = packets.Locator("tbody tr[data-probe=true]");
            var learners = packets.Locator("tbody tr:not([data-probe])");
            // The check's echo request from red and blue's reply, both seen on veth-red; background checks may add more.
            await Expect(probes.Nth(1)).ToBeAttachedAsync(new() { Timeout = (float)CheckTimeout.TotalMilliseconds });
            await Expect(learners).ToHaveCountAsync(6);
            var toggle = packets.GetByLabel("Show grader probes");
            await Expect(toggle).Not.ToBeCheckedAsync();
            foreach (var probe in await probes.AllAsync())
            {
                await Expect(probe).ToBeHiddenAsync();
            }
            foreach (var learner in await learners.AllAsync())
            {
                await Expect(learner).ToBeVisibleAsync();
                await Expect(learner.Locator(".probe-badge")).ToHaveCountAsync(0);
            }

            await toggle.CheckAsync();
            foreach (var probe in await probes.AllAsync())
            {
                await Expect(probe).ToBeVisibleAsync();
                await Expect(probe.Locator(".probe-badge")).ToHaveTextAsync("grader");
                await Expect(probe.Locator("td.info")).ToContainTextAsync("ICMP echo");
            }
            await Expect(probes.First.Locator("td.source")).ToHaveTextAsync("10.0.0.1");

            await toggle.UncheckAsync();
            await Expect(probes.First).ToBeHiddenAsync();
            await Expect(learners.First).ToBeVisibleAsync();
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    /// <summary>
    /// Every shown row is exactly one line high (the cells' line height, padding and border), its info column is in
    /// view and has at least a quarter of the table's width, and some info cell is cut with an ellipsis, which proves
    /// the long lines were there to wrap.
    /// </summary>
    private static async Task AssertOneLineRowsAsync(IPage page, int expectedRows)
    {
        var json = await page.EvaluateAsync<string>("""
            () => {
              const wrap = document.querySelector('[data-role=packets] .packet-table-wrap').getBoundingClientRect();
              const rows = [...document.querySelectorAll('[data-role=packets] tbody tr')].filter(tr => !tr.hidden);
              return JSON.stringify(rows.map(tr => {
                const td = tr.querySelector('td.info');
                const style = getComputedStyle(td);
                const line = parseFloat(style.lineHeight) + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + parseFloat(style.borderBottomWidth);
                const box = td.getBoundingClientRect();
                return {
                  height: tr.getBoundingClientRect().height, line, cut: td.scrollWidth > td.clientWidth, text: td.textContent,
                  infoShare: box.width / wrap.width, infoWidth: box.width, wrapWidth: wrap.width, infoInView: box.left >= wrap.left && box.right <= wrap.right + 0.5,
                };
              }));
            }
            """);
        var rows = JsonSerializer.Deserialize<List<RowBox>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(expectedRows, rows.Count);
        Assert.All(rows, r => Assert.True(Math.Abs(r.Height - r.Line) <= 1.5, $"row '{r.Text}' is {r.Height}px high, one line is {r.Line}px"));
        Assert.All(rows, r => Assert.True(r.InfoInView && r.InfoShare >= 0.25, $"info of '{r.Text}' has {r.InfoShare:P0} of the table ({r.InfoWidth} of {r.WrapWidth}px), in view: {r.InfoInView}"));
        Assert.Contains(rows, r => r.Cut);
    }

    private static readonly string[] Columns = ["time", "where", "source", "destination", "protocol", "info"];

    /// <summary>
    /// The header's cells and every shown row's cells, all six columns, are visible: at least three characters wide
    /// (Info: a quarter of the table), inside the table's pane, their text not made transparent; a cut cell carries
    /// its full text in a title (Info's is the row's).
    /// </summary>
    private static async Task AssertAllColumnsShownAsync(IPage page, int expectedRows)
    {
        var json = await page.EvaluateAsync<string>("""
            (columns) => {
              const wrap = document.querySelector('[data-role=packets] .packet-table-wrap').getBoundingClientRect();
              const rows = [document.querySelector('[data-role=packets] thead tr'),
                ...[...document.querySelectorAll('[data-role=packets] tbody tr')].filter(tr => !tr.hidden)];
              const cells = [];
              for (const tr of rows) {
                for (const column of columns) {
                  const cell = tr.querySelector(`.${column}`);
                  const box = cell.getBoundingClientRect();
                  const style = getComputedStyle(cell);
                  cells.push({
                    row: tr.parentElement.tagName + ' ' + tr.textContent.slice(0, 40), column, text: cell.textContent,
                    width: box.width, em: parseFloat(style.fontSize),
                    inPane: box.width > 0 && box.left >= wrap.left - 0.5 && box.right <= wrap.right + 0.5,
                    transparent: style.color === 'rgba(0, 0, 0, 0)' || style.visibility !== 'visible' || style.display === 'none',
                    cut: cell.scrollWidth > cell.clientWidth, titled: !!(cell.title || tr.title), wrapWidth: wrap.width,
                  });
                }
              }
              return JSON.stringify(cells);
            }
            """, Columns);
        var cells = JsonSerializer.Deserialize<List<CellBox>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(Columns.Length * (expectedRows + 1), cells.Count);
        Assert.All(cells, c => Assert.True(c.InPane && !c.Transparent && c.Width >= 3 * c.Em,
            $"{c.Column} of '{c.Row}' ('{c.Text}') is {c.Width:F1}px wide (font {c.Em}px) in a {c.WrapWidth:F0}px pane, in the pane: {c.InPane}, transparent: {c.Transparent}"));
        Assert.All(cells.Where(c => c.Column == "info"), c => Assert.True(c.Width >= c.WrapWidth / 4, $"info of '{c.Row}' is {c.Width:F0} of {c.WrapWidth:F0}px"));
        Assert.All(cells.Where(c => c.Cut), c => Assert.True(c.Titled, $"{c.Column} of '{c.Row}' is cut ('{c.Text}') without a title"));
    }

    private sealed record CellBox(string Row, string Column, string Text, double Width, double Em, bool InPane, bool Transparent, bool Cut, bool Titled, double WrapWidth);

    private sealed record RowBox(double Height, double Line, bool Cut, string Text, double InfoShare, double InfoWidth, double WrapWidth, bool InfoInView);
}
