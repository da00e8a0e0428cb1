using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using NetAcademy.Benchmarks.Infrastructure;

namespace NetAcademy.Benchmarks.PacketGraph;

/// <summary>
/// <c>packet-graph [seconds=5] [rate=10000] [runs=3]</c>: packets flashed on the interface graph under a flood, in
/// headless Chromium. The graph module (js/graph.js, served by the real server) draws a lab-sized graph (two nodes,
/// eight namespaces on a bridge, a VXLAN tunnel over the session network); every animation frame the page hands the
/// packet layer the packets due at <c>rate</c> a second (as the netacademy:packet event does, round-robin over the
/// interfaces, every fourth one VXLAN on the underlay). Reported per mode: animations started per second (flashes and
/// glows begun, what the learner sees move), frame time p50/p95/max and frames over 50 ms, against the same flood with
/// the animation turned off (the "Animate packets" toggle: the packets are still handed over, nothing is mapped or drawn)
/// measured in the same run, alternating.
/// </summary>
public static class PacketGraphBenchmark
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>Mounts the graph in a blank page of the server and feeds it the synthetic lab graph.</summary>
    private const string Mount = "async () => {\n" + NetAcademy.Testing.Browser.BlankGraphPage.MountStatements + """
          const els = [];
          const iface = (node, ns, name, kind, extra = {}) => els.push({ group: 'nodes', data: { id: `${node}/${ns ?? ''}/${name}`, parent: `${node}/${ns ?? ''}`,
            type: 'interface', label: name, node, netns: ns, name, ifindex: 1, kind, rawKind: kind, operState: 'UP', up: true, flags: [], mtu: 1500, mac: null, addresses: [], master: null, ...extra } });
          const edge = (kind, source, target) => els.push({ group: 'edges', data: { id: `${kind}:${source}->${target}`, source, target, kind } });
          els.push({ group: 'nodes', data: { id: 'net:lan', type: 'network', label: 'lan', subnet: '172.20.0.0/24' } });
          const where = [];
          for (const node of ['host1', 'host2']) {
            els.push({ group: 'nodes', data: { id: node, type: 'node', label: node } });
            els.push({ group: 'nodes', data: { id: `${node}/`, parent: node, type: 'netns', label: 'root', node, netns: null, root: true, routes: [] } });
            iface(node, null, 'eth0', 'docker-eth');
            iface(node, null, 'br0', 'bridge');
            iface(node, null, 'vxlan0', 'vxlan', { vxlan: { id: 42 } });
            for (let i = 0; i < 4; i++) {
              const ns = `c${i}`;
              els.push({ group: 'nodes', data: { id: `${node}/${ns}`, parent: node, type: 'netns', label: ns, node, netns: ns, root: false, routes: [] } });
              iface(node, ns, 'eth0', 'veth');
              iface(node, null, `veth-${ns}`, 'veth');
              where.push({ node, netns: ns, interface: 'eth0', tunnel: null });
              where.push({ node, netns: null, interface: `veth-${ns}`, tunnel: null });
            }
            where.push({ node, netns: null, interface: 'eth0', tunnel: 'VXLAN vni=42' });
          }
          for (const node of ['host1', 'host2']) {
            edge('session-network', `${node}//eth0`, 'net:lan');
            edge('bridge-member', `${node}//vxlan0`, `${node}//br0`);
            edge('tunnel-underlay', `${node}//vxlan0`, `${node}//eth0`);
            for (let i = 0; i < 4; i++) {
              edge('veth', `${node}//veth-c${i}`, `${node}/c${i}/eth0`);
              edge('bridge-member', `${node}//veth-c${i}`, `${node}//br0`);
            }
          }
          edge('tunnel-peer', 'host1//vxlan0', 'host2//vxlan0');
          await g.apply({ kind: 'graph', data: { format: 1, elements: els, diagnostics: [] } });
          window.benchWhere = where;
        }
        """;

    /// <summary>Floods the packet layer for a while; returns what happened, as JSON.</summary>
    private const string Flood = """
        async ([seconds, rate, animate]) => {
          const { graphOf } = await import('/js/graph.js');
          const g = graphOf(document.querySelector('[data-role=graph]'));
          g.packets.animate(animate);
          const where = window.benchWhere;
          const summary = 'IPv4 172.20.0.2 > 172.20.0.3 / UDP 40000 > 4789 / VXLAN vni=42 / Ethernet a > b / IPv4 10.42.0.1 > 10.42.0.2 / ICMP echo request id=7 seq=1';
          const before = g.packets.stats();
          const intervals = [];
          let sent = 0;
          const start = performance.now();
          let last = start;
          await new Promise(resolve => {
            const tick = now => {
              intervals.push(now - last);
              last = now;
              const due = Math.floor((now - start) / 1000 * rate);
              for (; sent < due; sent++) {
                const w = where[sent % where.length];
                g.packets.packet({ ...w, number: sent, time: new Date().toISOString(), summary, keys: {} });
              }
              if (now - start < seconds * 1000) requestAnimationFrame(tick);
              else resolve();
            };
            requestAnimationFrame(tick);
          });
          const elapsed = (performance.now() - start) / 1000;
          const after = g.packets.stats();
          const lit = after.lit.length;
          g.packets.animate(true);
          return JSON.stringify({ sent, elapsed, intervals: intervals.slice(1), animations: after.animations - before.animations, lit });
        }
        """;

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = new BenchArgs(args);
        var seconds = options.Int("seconds", 5);
        var rate = options.Int("rate", 10_000);
        var runs = options.Int("runs", 3);
        if (!File.Exists(Chromium))
        {
            Console.Error.WriteLine($"{Chromium} is not installed (deploy/setup.sh --with-test-tools).");
            return 2;
        }
        var machine = await MachineInfo.DescribeAsync(ct);
        var commit = await MachineInfo.CommitAsync(ct);
        var load = MachineInfo.LoadAverage();
        var instance = "bench-pgraph-" + Guid.NewGuid().ToString("n")[..6];
        var modes = new[] { new Mode("animation on", true), new Mode("animation off (baseline)", false) };
        await using (var server = await ServerProcess.StartAsync(instance, ct: ct))
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BaseURL = server.BaseAddress.ToString() });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await page.EvaluateAsync(Mount);
            // Warm-up: JIT of the page's modules and cytoscape's style paths.
            await page.EvaluateAsync<string>(Flood, new object[] { 1, rate, true });
            for (var r = 0; r < runs; r++)
            {
                foreach (var mode in modes)
                {
                    using var json = JsonDocument.Parse(await page.EvaluateAsync<string>(Flood, new object[] { seconds, rate, mode.Animate }));
                    var root = json.RootElement;
                    var elapsed = root.GetProperty("elapsed").GetDouble();
                    foreach (var interval in root.GetProperty("intervals").EnumerateArray())
                    {
                        mode.Frames.Add(interval.GetDouble());
                        if (interval.GetDouble() > 50)
                        {
                            mode.LongFrames++;
                        }
                    }
                    mode.Delivered.Add(root.GetProperty("sent").GetInt32() / elapsed);
                    mode.Animations.Add(root.GetProperty("animations").GetInt32() / elapsed);
                    mode.Lit.Add(root.GetProperty("lit").GetInt32());
                    Console.Error.WriteLine($"[{MachineInfo.Uptime()}] run {r + 1} {mode.Name}: {mode.Delivered.Max:0} packets/s, {mode.Animations.Max:0} animations/s, frame p95 {Samples.Format(mode.Frames.P95)} ms");
                }
            }
            await context.CloseAsync();
        }
        await DockerLeaks.RemoveAsync(instance, ct);

        var baseline = modes[1];
        var rows = modes.Select(m => (IReadOnlyList<string>)[
            m.Name, load, $"{rate:N0}", Samples.Format(m.Delivered.Median), Samples.Format(m.Animations.Median), Samples.Format(m.Lit.Median),
            $"{Samples.Format(m.Frames.Median)} / {Samples.Format(m.Frames.P95)} / {Samples.Format(m.Frames.Max)}",
            $"{m.LongFrames} of {m.Frames.Count}",
            $"{Samples.Ratio(m.Frames.Median, baseline.Frames.Median)} / {Samples.Ratio(m.Frames.P95, baseline.Frames.P95)}",
        ]);
        var section = new StringBuilder()
            .AppendLine("## packet-graph: packets on the interface graph under a 10k packets/s flood")
            .AppendLine()
            .AppendLine("```")
            .AppendLine($"flock /tmp/netacademy-heavy.lock dotnet run --project tests/NetAcademy.Benchmarks -c Release -- packet-graph {options}".TrimEnd())
            .AppendLine("```")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run: {machine}; commit {commit}; {runs} runs of {seconds} s per mode, alternating, after a 1 s warm-up.")
            .AppendLine()
            .AppendLine("Headless /usr/bin/chromium (Playwright) on a blank page of the real server mounts js/graph.js with a lab-sized graph")
            .AppendLine("(2 nodes, 8 namespaces on bridges, a VXLAN tunnel over the session network: 35 nodes, 23 edges). Every animation frame")
            .AppendLine("the page hands the graph's packet layer the packets due at the offered rate, as the netacademy:packet event does,")
            .AppendLine("round-robin over 18 capture points (one in nine a VXLAN packet on the underlay, lighting the tunnel too). The")
            .AppendLine("server's packet table sends at most 200 rows a second, so a real page meets this rate only summed over captures and")
            .AppendLine("replays; this measures the layer's ceiling. Animations started: flashes and steady glows begun (a busy edge glows")
            .AppendLine("with its rate instead of flashing per packet). Lit: elements lit at the end of a run. Baseline: the same flood with")
            .AppendLine("\"Animate packets\" off, in the same page and run.")
            .AppendLine()
            .Append(ReportFile.Table(["mode", "load average at start", "packets/s offered", "packets/s handed over", "animations started/s", "elements lit", "frame ms p50 / p95 / max", "frames over 50 ms", "frame p50 / p95 ÷ baseline"], rows));
        Console.WriteLine(section);
        await ReportFile.WriteSectionAsync("packet-graph", section.ToString(), ct);
        return 0;
    }

    private sealed class Mode(string name, bool animate)
    {
        public string Name { get; } = name;
        public bool Animate { get; } = animate;
        public Samples Frames { get; } = new("frame ms");
        public Samples Delivered { get; } = new("packets/s");
        public Samples Animations { get; } = new("animations/s");
        public Samples Lit { get; } = new("lit");
        public int LongFrames { get; set; }
    }
}
