using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace NetAcademy.E2E.Graph;

/// <summary>
/// Reaches the page's graph island the way the workspace's modules do (importing /js/graph.js, whose graphOf gives
/// the live instance) and measures what it drew with cytoscape's own bounding boxes. The geometry here is written
/// apart from the page's layout code, so a fault in one does not hide in the other.
/// </summary>
internal static class GraphProbe
{
    /// <summary>An expression (inside an async function) for the page's graph island.</summary>
    public const string Island = "(await import('/js/graph.js')).graphOf(document.querySelector('[data-role=graph]'))";

    /// <summary>
    /// What overlaps and what an edge passes under, as JSON: boxes are every node's box (labels excluded); two boxes
    /// overlap when neither holds the other and they share more than a pixel; an edge is unrelated to every box but its
    /// ends and their ancestors, and crosses one when a segment of its drawn path (cytoscape's endpoints and segment
    /// points) enters the box shrunk by a pixel.
    /// </summary>
    private const string CheckScript = """
        async () => {
          const g = ISLAND;
          const cy = g.cy;
          const boxes = cy.nodes().map(n => ({ id: n.id(), b: n.boundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false }),
            family: new Set([n.id(), ...n.ancestors().map(a => a.id())]) }));
          const overlaps = [];
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i], b = boxes[j];
              if (a.family.has(b.id) || b.family.has(a.id)) continue;
              const w = Math.min(a.b.x2, b.b.x2) - Math.max(a.b.x1, b.b.x1);
              const h = Math.min(a.b.y2, b.b.y2) - Math.max(a.b.y1, b.b.y1);
              if (w > 1 && h > 1) overlaps.push(`${a.id} & ${b.id}`);
            }
          }
          const crosses = (p, q, b) => {
            const x1 = b.x1 + 1, y1 = b.y1 + 1, x2 = b.x2 - 1, y2 = b.y2 - 1;
            const dx = q.x - p.x, dy = q.y - p.y;
            let t0 = 0, t1 = 1;
            for (const [pk, qk] of [[-dx, p.x - x1], [dx, x2 - p.x], [-dy, p.y - y1], [dy, y2 - p.y]]) {
              if (pk === 0) { if (qk <= 0) return false; continue; }
              const r = qk / pk;
              if (pk < 0) { if (r > t0) t0 = r; } else if (r < t1) t1 = r;
              if (t0 >= t1) return false;
            }
            return true;
          };
          const crossings = [];
          for (const e of cy.edges()) {
            const related = new Set([e.source().id(), e.target().id(), ...e.source().ancestors().map(a => a.id()), ...e.target().ancestors().map(a => a.id())]);
            const bends = e.segmentPoints() ?? [];
            const path = [e.sourceEndpoint(), ...bends, e.targetEndpoint()];
            for (const box of boxes) {
              if (related.has(box.id)) continue;
              for (let i = 0; i + 1 < path.length; i++) {
                if (crosses(path[i], path[i + 1], box.b)) { crossings.push(`${e.id()} under ${box.id}`); break; }
              }
            }
          }
          const all = cy.elements().renderedBoundingBox({ includeLabels: true });
          const extent = cy.extent();
          const model = cy.elements().boundingBox({ includeLabels: false });
          return JSON.stringify({
            overlaps, crossings,
            nodes: cy.nodes().length, edges: cy.edges().length,
            inView: model.x1 >= extent.x1 - 1 && model.y1 >= extent.y1 - 1 && model.x2 <= extent.x2 + 1 && model.y2 <= extent.y2 + 1,
            drawn: { w: all.w, h: all.h },
            canvas: { w: cy.width(), h: cy.height() },
          });
        }
        """;

    /// <summary>Measures the page's graph.</summary>
    public static async Task<LayoutReport> CheckAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(CheckScript.Replace("ISLAND", Island, StringComparison.Ordinal));
        return JsonSerializer.Deserialize<LayoutReport>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>Evaluates <paramref name="body"/> (an expression over <c>g</c>, the island) in the page.</summary>
    public static Task<T> EvalAsync<T>(IPage page, string body) =>
        page.EvaluateAsync<T>($"async () => {{ const g = {Island}; return ({body}); }}");

    /// <summary>
    /// Waits until <paramref name="condition"/> (an expression over <c>g</c>, the island, which may be undefined before
    /// the page made it) is true. Playwright's WaitForFunction does not await a promise, and reaching the island takes
    /// an import, so this polls.
    /// </summary>
    /// <exception cref="TimeoutException">The condition stayed false.</exception>
    public static async Task WaitAsync(IPage page, string condition, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await page.EvaluateAsync<bool>($"async () => {{ const g = {Island}; try {{ return !!({condition}); }} catch {{ return false; }} }}"))
            {
                return;
            }
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The graph never satisfied {condition} within {limit.TotalSeconds:0} s.");
            }
            await Task.Delay(50);
        }
    }
}

/// <summary>What <see cref="GraphProbe.CheckAsync"/> found.</summary>
internal sealed record LayoutReport(string[] Overlaps, string[] Crossings, int Nodes, int Edges, bool InView, LayoutReport.Size Drawn, LayoutReport.Size Canvas)
{
    /// <summary>A width and height in pixels.</summary>
    public sealed record Size(double W, double H);
}
