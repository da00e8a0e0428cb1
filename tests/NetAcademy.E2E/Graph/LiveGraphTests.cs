using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Graph;

/// <summary>A learner changes the veth lab's network in the terminal and watches the interface graph follow.</summary>
public sealed class LiveGraphTests : IClassFixture<BrowserFixture>
{
    private const string Ids = "g.cy.elements().map(e => e.id()).sort()";
    private const string Eth0Position = "(p => [p.x, p.y])(g.cy.getElementById('host1//eth0').position())";

    // Room for the graph pane beside the lesson and the terminal.
    private static readonly ViewportSize Viewport = new() { Width = 1400, Height = 900 };

    private readonly BrowserFixture _fixture;
    private readonly ITestOutputHelper _output;

    public LiveGraphTests(BrowserFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task Graph_BridgeAndVethMadeInTerminal_AppearWithTheirEdgesAndMatchTheApi()
    {
        var (page, sessionId) = await LabPage.StartVethLabAsync(_fixture, Viewport);
        try
        {
            // The first graph: the node, its root namespace, lo and the session network leg.
            await GraphProbe.WaitAsync(page, "g.live && g.interfaces().includes('host1//eth0')");
            var initial = await GraphProbe.EvalAsync<string[]>(page, Ids);
            Assert.Contains("session-network:host1//eth0->net:lan", initial);
            await Expect(page.Locator("[data-role=graph-list] li[data-id='host1//eth0']")).ToContainTextAsync("docker-eth");

            var terminal = new TerminalDriver(page, "host1");
            await terminal.RunAsync("ip link add br0 type bridge; ip link add v0 type veth peer name v1; ip link set v0 master br0");
            var clock = Stopwatch.StartNew();
            await GraphProbe.WaitAsync(page, """
                ['host1//br0', 'host1//v0', 'host1//v1', 'veth:host1//v0->host1//v1', 'bridge-member:host1//v0->host1//br0']
                  .every(id => g.cy.getElementById(id).nonempty())
                """, TimeSpan.FromSeconds(2));
            _output.WriteLine($"terminal Enter -> graph shows bridge, veth pair and both edges in {clock.ElapsedMilliseconds} ms");

            // Drawn as their kinds; the new veth ends are down (never set up), and look it.
            Assert.Equal("bridge", await GraphProbe.EvalAsync<string>(page, "g.cy.getElementById('host1//br0').data('kind')"));
            Assert.True(await GraphProbe.EvalAsync<bool>(page, "g.cy.getElementById('host1//v1').hasClass('down')"));
            Assert.Equal("dashed", await GraphProbe.EvalAsync<string>(page, "g.cy.getElementById('host1//v1').style('border-style')"));
            // What was already drawn kept its place.
            var eth0 = await GraphProbe.EvalAsync<double[]>(page, Eth0Position);

            // The text alternative says the same.
            var v0Text = await page.Locator("[data-role=graph-list] li[data-id='host1//v0']").TextContentAsync() ?? "";
            Assert.Contains("veth", v0Text);
            Assert.Contains("veth peer host1//v1", v0Text);
            Assert.Contains("bridge port host1//br0", v0Text);

            // Details and "Capture here".
            await page.EvaluateAsync("() => { window.captured = null; document.getElementById('workspace').addEventListener('netacademy:capture', e => { window.captured = e.detail; }); }");
            await page.Locator("details.graph-text summary").ClickAsync();
            await page.Locator("[data-role=graph-list] li[data-id='host1//v0'] button").ClickAsync();
            var details = page.Locator("[data-role=graph-details]");
            await Expect(details).ToBeVisibleAsync();
            await Expect(details).ToContainTextAsync("br0");
            await details.GetByRole(AriaRole.Button, new() { Name = "Capture here" }).ClickAsync();
            var captured = await page.EvaluateAsync<JsonElement>("() => window.captured");
            Assert.Equal("host1", captured.GetProperty("node").GetString());
            Assert.Equal(JsonValueKind.Null, captured.GetProperty("netns").ValueKind);
            Assert.Equal("v0", captured.GetProperty("interface").GetString());

            // A change of state only: applied in place.
            await terminal.RunAsync("ip link set v0 up; ip link set v1 up; ip addr add 10.9.0.1/24 dev v1");
            await GraphProbe.WaitAsync(page, "!g.cy.getElementById('host1//v1').hasClass('down') && g.cy.getElementById('host1//v1').data('addresses').includes('10.9.0.1/24')");
            var eth0After = await GraphProbe.EvalAsync<double[]>(page, Eth0Position);
            Assert.Equal(eth0, eth0After);

            // The API gives the owner the same graph.
            var response = await page.Context.APIRequest.GetAsync($"/api/sessions/{sessionId}/graph");
            Assert.Equal(200, response.Status);
            using var json = JsonDocument.Parse(await response.TextAsync());
            Assert.Equal(1, json.RootElement.GetProperty("format").GetInt32());
            var apiIds = json.RootElement.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("data").GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
            var pageIds = (await GraphProbe.EvalAsync<string[]>(page, Ids)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(pageIds, apiIds);

            // Another learner cannot see it, through the API or the hub.
            var other = await _fixture.NewPageAsync(Viewport);
            await other.GotoAsync(new Uri(page.Url).PathAndQuery);
            await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "No lab running" })).ToBeVisibleAsync();
            var foreign = await other.Context.APIRequest.GetAsync($"/api/sessions/{sessionId}/graph");
            Assert.Equal(404, foreign.Status);
            await other.Context.CloseAsync();
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task Graph_SocketDrops_ResubscribesAndKeepsFollowing()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture, Viewport);
        try
        {
            await GraphProbe.WaitAsync(page, "g.live && g.interfaces().includes('host1//eth0')");
            await page.EvaluateAsync("() => window.openedSockets.filter(ws => ws.readyState === 1).forEach(ws => ws.close())");
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-connection", "connected", new() { Timeout = 30_000 });

            var terminal = new TerminalDriver(page, "host1");
            // The graph came back (a second whole graph), and so did the terminal (it may take a moment to accept input).
            await GraphProbe.WaitAsync(page, "g.updates >= 2 && g.live");
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await terminal.RunAndWaitAsync($"echo back{attempt}", $"back{attempt}", TimeSpan.FromSeconds(5));
                    break;
                }
                catch (TimeoutException) when (attempt < 5)
                {
                }
            }

            await terminal.RunAsync("ip netns add red && ip link add veth-red type veth peer name veth-blue && ip link set veth-red netns red && echo made-$((40+2))");
            await terminal.WaitForAsync(new Regex("made-42"));
            try
            {
                await GraphProbe.WaitAsync(page, "g.cy.getElementById('veth:host1//veth-blue->host1/red/veth-red').nonempty()", TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                var state = await GraphProbe.EvalAsync<string>(page, "JSON.stringify({ ids: g.cy.elements().map(e => e.id()), updates: g.updates, status: document.querySelector('[data-role=graph-status]').textContent })");
                var log = _fixture.Server.Log;
                throw new TimeoutException($"The graph never showed the veth pair after the reconnect: {state}\nTerminal:\n{await terminal.ScreenAsync()}\nServer log:\n{log[Math.Max(0, log.Length - 4000)..]}");
            }

            await Expect(page.Locator("[data-role=graph-status]")).ToContainTextAsync("2 namespaces");
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }
    [Fact]
    public async Task Graph_ThreeNamespacesAddedLiveThenRelayoutAndFullScreen_NoOverlapsAllInViewAndFillsThePane()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture, Viewport);
        try
        {
            await GraphProbe.WaitAsync(page, "g.live && g.interfaces().includes('host1//eth0')");
            var terminal = new TerminalDriver(page, "host1");
            foreach (var ns in new[] { "east", "west", "north" })
            {
                await terminal.RunAsync($"ip netns add {ns}");
                await GraphProbe.WaitAsync(page, $"g.cy.getElementById('host1/{ns}/lo').nonempty()", TimeSpan.FromSeconds(15));
                await GraphProbe.EvalAsync<bool>(page, "g.settled().then(() => true)");
                var report = await GraphProbe.CheckAsync(page);
                Assert.Empty(report.Overlaps);
                Assert.True(report.InView, $"namespace {ns} was drawn outside the view");
            }

            await page.Locator("[data-role=graph]").GetByRole(AriaRole.Button, new() { Name = "Re-layout" }).ClickAsync();
            await GraphProbe.EvalAsync<bool>(page, "g.settled().then(() => true)");
            var laidOut = await GraphProbe.CheckAsync(page);
            Assert.Empty(laidOut.Overlaps);
            Assert.Empty(laidOut.Crossings);
            Assert.True(laidOut.InView);

            var graph = page.Locator("[data-role=graph]");
            var before = laidOut.Drawn;
            await graph.GetByRole(AriaRole.Button, new() { Name = "Full screen" }).ClickAsync();
            await Expect(graph).ToHaveClassAsync(new Regex(@"\bfullscreen\b"));
            // The canvas takes the window less the toolbar and the text list; the fitted graph spans its width or its
            // height (less the fit's 20 px margins), whichever is tighter.
            await GraphProbe.WaitAsync(page, $"g.cy.width() > {Viewport.Width} * 0.9 && g.cy.height() > {Viewport.Height} * 0.7", TimeSpan.FromSeconds(5));
            const string fills = "(b => b.w >= (g.cy.width() - 40) * 0.95 || b.h >= (g.cy.height() - 40) * 0.95)(g.cy.elements().renderedBoundingBox({ includeLabels: true }))";
            await GraphProbe.WaitAsync(page, fills, TimeSpan.FromSeconds(5));
            var full = await GraphProbe.CheckAsync(page);
            _output.WriteLine($"full screen: graph drawn {full.Drawn.W:0}x{full.Drawn.H:0} px in a {full.Canvas.W:0}x{full.Canvas.H:0} px canvas (before: {before.W:0}x{before.H:0})");
            Assert.True(full.Drawn.W > before.W && full.Drawn.H > before.H, "the graph did not grow with the pane");
            Assert.True(full.InView);
        }
        finally
        {
            // Full screen covers the session bar's Stop button.
            var exit = page.Locator("[data-role=graph]").GetByRole(AriaRole.Button, new() { Name = "Exit full screen" });
            if (await exit.CountAsync() > 0)
            {
                await exit.ClickAsync();
            }
            await LabPage.StopAsync(page);
        }
    }
}
