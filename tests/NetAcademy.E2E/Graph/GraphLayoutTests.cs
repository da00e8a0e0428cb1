using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using Xunit.Abstractions;

namespace NetAcademy.E2E.Graph;

/// <summary>
/// Each lab's solved state (recorded with Graph/Fixtures/record-labs.sh, built by the real InterfaceGraphBuilder) fed
/// to the graph module in a blank page of the running server, as the Graph stream would feed it, then measured in the
/// browser: no boxes overlap and no edge passes under a box it has nothing to do with.
/// </summary>
public sealed class GraphLayoutTests : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Viewport = new() { Width = 1400, Height = 900 };

    private readonly BrowserFixture _fixture;
    private readonly ITestOutputHelper _output;

    public GraphLayoutTests(BrowserFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    /// <summary>The labs with a recorded solved state.</summary>
    public static TheoryData<string> Labs()
    {
        var data = new TheoryData<string>();
        foreach (var lab in LabGraphFixture.Labs())
        {
            data.Add(lab);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Labs))]
    public async Task Layout_SolvedLab_NoOverlapsAndNoEdgeUnderAnUnrelatedBox(string lab)
    {
        var page = await OpenBlankGraphAsync();
        try
        {
            await FeedAsync(page, LabGraphFixture.Json(lab));

            var report = await GraphProbe.CheckAsync(page);
            _output.WriteLine($"{lab}: {report.Nodes} nodes, {report.Edges} edges, drawn {report.Drawn.W:0}x{report.Drawn.H:0} in {report.Canvas.W:0}x{report.Canvas.H:0}");
            Assert.True(report.Nodes > 3, $"{lab}: the fixture gave only {report.Nodes} nodes");
            Assert.Empty(report.Overlaps);
            Assert.Empty(report.Crossings);
            Assert.True(report.InView, $"{lab}: the graph is not all in view after its first layout");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// The lab's boxes first, laid out; then its edges in one diff, as when links are made between what is drawn
    /// already (a veth pair between two namespaces, a port put on a bridge). The edges are routed around the boxes
    /// they have nothing to do with, and no box moves.
    /// </summary>
    /// <summary>The labs with a recorded solved state that has edges (tun-tap's has none).</summary>
    public static TheoryData<string> LabsWithEdges()
    {
        var data = new TheoryData<string>();
        foreach (var lab in LabGraphFixture.Labs().Where(lab => LabGraphFixture.Build(lab).Elements.Any(e => e.IsEdge)))
        {
            data.Add(lab);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LabsWithEdges))]
    public async Task LateEdges_SolvedLabsLinksAfterItsBoxes_RoutedAroundUnrelatedBoxesWithoutMovingAny(string lab)
    {
        var page = await OpenBlankGraphAsync();
        try
        {
            var edges = await page.EvaluateAsync<int>($$"""
                async json => {
                  const g = {{GraphProbe.Island}};
                  const graph = JSON.parse(json);
                  const edges = graph.elements.filter(e => e.group === 'edges');
                  await g.apply({ kind: 'graph', data: { ...graph, elements: graph.elements.filter(e => e.group !== 'edges') } });
                  window.__before = JSON.stringify(g.cy.nodes().map(n => [n.id(), n.position()]));
                  await g.apply({ kind: 'diff', data: { format: graph.format, added: edges, removed: [], changed: [] } });
                  return g.cy.edges().length;
                }
                """, LabGraphFixture.Json(lab));
            var moved = await page.EvaluateAsync<string[]>($$"""
                async () => {
                  const g = {{GraphProbe.Island}};
                  const before = new Map(JSON.parse(window.__before));
                  return g.cy.nodes().filter(n => { const p = before.get(n.id()), q = n.position(); return !p || Math.abs(p.x - q.x) > 0.5 || Math.abs(p.y - q.y) > 0.5; }).map(n => n.id());
                }
                """);

            var report = await GraphProbe.CheckAsync(page);
            _output.WriteLine($"{lab}: {edges} edges added late, {report.Nodes} nodes");
            Assert.True(edges > 0, $"{lab}: the fixture has no edges");
            Assert.Empty(moved);
            Assert.Empty(report.Overlaps);
            Assert.Empty(report.Crossings);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// The veth lab's namespaces drawn first; then the veth pair, its two interfaces and their edge, in one diff, as
    /// <c>ip link add veth-red type veth peer name veth-blue</c> and moving the ends makes it. The new interfaces go
    /// beside their siblings, and the edge between them passes under no box it has nothing to do with.
    /// </summary>
    [Fact]
    public async Task LateVethPair_BetweenNamespacesDrawnAlready_RoutedAroundUnrelatedBoxes()
    {
        var page = await OpenBlankGraphAsync();
        try
        {
            var added = await page.EvaluateAsync<int>($$"""
                async json => {
                  const g = {{GraphProbe.Island}};
                  const graph = JSON.parse(json);
                  const late = graph.elements.filter(e => e.data.kind === 'veth');
                  const ends = new Set(late.filter(e => e.group === 'edges').flatMap(e => [e.data.source, e.data.target]));
                  const isLate = e => e.data.kind === 'veth' && (e.group === 'edges' || ends.has(e.data.id));
                  await g.apply({ kind: 'graph', data: { ...graph, elements: graph.elements.filter(e => !isLate(e)) } });
                  const diff = graph.elements.filter(isLate);
                  await g.apply({ kind: 'diff', data: { format: graph.format, added: diff, removed: [], changed: [] } });
                  return diff.filter(e => e.group === 'edges').length;
                }
                """, LabGraphFixture.Json("veth-pairs"));

            var report = await GraphProbe.CheckAsync(page);
            Assert.True(added > 0, "the veth lab's fixture has no veth edge");
            Assert.Empty(report.Overlaps);
            Assert.Empty(report.Crossings);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Relayout_LargestLabAfterNodesWereDragged_NoOverlapsAndAllInView()
    {
        var lab = LargestLab();
        var page = await OpenBlankGraphAsync();
        try
        {
            await FeedAsync(page, LabGraphFixture.Json(lab));
            // Drag interfaces onto each other, as a learner might, then ask for a new layout.
            await GraphProbe.EvalAsync<bool>(page, "(g.cy.nodes('[type = \"interface\"]').forEach((n, i) => { n.position({ x: (i % 3) * 5, y: 0 }); n.emit('drag'); }), true)");
            Assert.NotEmpty((await GraphProbe.CheckAsync(page)).Overlaps);

            await page.GetByRole(AriaRole.Button, new() { Name = "Re-layout" }).ClickAsync();
            await GraphProbe.EvalAsync<bool>(page, "g.settled().then(() => true)");

            var report = await GraphProbe.CheckAsync(page);
            Assert.Empty(report.Overlaps);
            Assert.Empty(report.Crossings);
            Assert.True(report.InView);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// Not a pass/fail timing: prints how long the new layout (ELK layered, in its worker) and the old one (cytoscape's
    /// cose, what Re-layout ran before) take for the largest lab graph in this browser, same run.
    /// </summary>
    [Fact]
    public async Task LayoutTime_LargestLab_NewAndOldLayoutBothFinish()
    {
        var lab = LargestLab();
        var page = await OpenBlankGraphAsync();
        try
        {
            await FeedAsync(page, LabGraphFixture.Json(lab));
            var first = await GraphProbe.EvalAsync<double>(page, "g.layoutMs");
            var elk = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                await GraphProbe.EvalAsync<bool>(page, "g.relayout().then(() => true)");
                elk.Add(await GraphProbe.EvalAsync<double>(page, "g.layoutMs"));
            }
            var cose = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                cose.Add(await GraphProbe.EvalAsync<double>(page, """
                    (() => {
                      const started = performance.now();
                      g.cy.layout({ name: 'cose', animate: false, randomize: false, fit: true, padding: 20, nodeDimensionsIncludeLabels: true,
                        componentSpacing: 60, nestingFactor: 1.1, idealEdgeLength: () => 60, nodeRepulsion: () => 8000 }).run();
                      return performance.now() - started;
                    })()
                    """));
            }
            var nodes = await GraphProbe.EvalAsync<int>(page, "g.cy.nodes().length");
            _output.WriteLine($"largest lab {lab}: {nodes} nodes; ELK first layout {first:0.0} ms (worker start included), " +
                $"re-layout median {Median(elk):0.0} ms; cose median {Median(cose):0.0} ms");
            Assert.All(elk.Concat(cose), ms => Assert.True(ms > 0));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// The graphs of three labs for the docs: with <c>NETACADEMY_SCREENSHOTS=1</c> written to docs/screenshots/graph-&lt;lab&gt;.png,
    /// otherwise to a temporary folder that is removed afterwards.
    /// </summary>
    [Fact]
    public async Task Capture_ThreeLabGraphs_WritesPngs()
    {
        var publish = Environment.GetEnvironmentVariable("NETACADEMY_SCREENSHOTS") == "1";
        var folder = publish
            ? Path.Combine(RepositoryPaths.Root, "docs", "screenshots")
            : Directory.CreateTempSubdirectory("netacademy-graphs-").FullName;
        try
        {
            foreach (var lab in new[] { "netfilter-iptables", "vxlan-overlay", "kubernetes-pod-networking" })
            {
                var page = await OpenBlankGraphAsync();
                try
                {
                    await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light, ReducedMotion = ReducedMotion.Reduce });
                    await FeedAsync(page, LabGraphFixture.Json(lab));
                    var path = Path.Combine(folder, $"graph-{lab}.png");
                    await page.Locator("[data-role=graph]").ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png });
                    // A blank canvas compresses to a few kB.
                    Assert.True(new FileInfo(path).Length > 20_000, $"{path} looks empty");
                }
                finally
                {
                    await page.Context.CloseAsync();
                }
            }
        }
        finally
        {
            if (!publish)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string LargestLab() =>
        LabGraphFixture.Labs().MaxBy(lab => LabGraphFixture.Build(lab).Elements.Count)!;

    /// <summary>
    /// A page of the server emptied down to a graph pane of a workspace's size, with the graph module mounted in it:
    /// the same module, stylesheet and vendor files the workspace loads, without a lab.
    /// </summary>
    private async Task<IPage> OpenBlankGraphAsync()
    {
        var page = await _fixture.NewAnonymousPageAsync(Viewport);
        await page.GotoAsync("/");
        await page.EvaluateAsync("async () => {\n" + NetAcademy.Testing.Browser.BlankGraphPage.MountStatements + "}");
        return page;
    }

    private static Task FeedAsync(IPage page, string json) =>
        page.EvaluateAsync($"async json => {{ const g = {GraphProbe.Island}; await g.apply({{ kind: 'graph', data: JSON.parse(json) }}); }}", json);
}
