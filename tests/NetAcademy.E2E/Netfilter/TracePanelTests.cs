using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Netfilter;

/// <summary>
/// The workspace's Trace panel: in the netfilter-iptables lab a learner drops the client's pings on the router, traces
/// icmp there while pinging, and sees the packet dropped in filter FORWARD by their rule; and the hub's Trace method
/// serves the caller's own session only, validates the match, and runs one trace at a time per session.
/// </summary>
public sealed class TracePanelTests : IClassFixture<BrowserFixture>
{
    private const string NetfilterLesson = "/courses/packet-filtering/netfilter-iptables";
    private readonly BrowserFixture _fixture;

    public TracePanelTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task TraceIcmpWhilePinging_ShowsThePacketDroppedInFilterForwardByTheLearnersRule()
    {
        var page = await _fixture.NewPageAsync(new ViewportSize { Width = 1600, Height = 1000 });
        await page.GotoAsync(NetfilterLesson);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        try
        {
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
            var router = new TerminalDriver(page, "router");
            await router.Tab.ClickAsync();
            await router.WaitForAsync(new Regex(@"root@router:.*#"), TimeSpan.FromSeconds(60));
            // What the lab's reference solution for the refused pings does.
            await router.RunAndWaitAsync("iptables -A FORWARD -p icmp -s 10.0.1.2 -j DROP", "rule-added");

            var trace = page.Locator("[data-role=trace]");
            await trace.GetByRole(AriaRole.Button, new() { Name = "Netfilter trace" }).ClickAsync();
            await trace.GetByLabel("Node").SelectOptionAsync("router");
            await trace.GetByLabel("Protocol").SelectOptionAsync("icmp");
            await trace.GetByLabel("Source").FillAsync("10.0.1.2");
            await trace.GetByLabel("Seconds").FillAsync("15");
            await trace.GetByRole(AriaRole.Button, new() { Name = "Trace", Exact = true }).ClickAsync();
            await Expect(trace.Locator("[data-role=trace-status]")).ToContainTextAsync("Tracing for 15 s on router");
            // The trace table exists once the panel says it traces: the pings below are caught.
            await router.RunAndWaitAsync("until nft list tables | grep -q 'inet netacademy_trace_'; do sleep 0.1; done", "trace-on");

            var client = new TerminalDriver(page, "client");
            await client.Tab.ClickAsync();
            await client.WaitForAsync(new Regex(@"root@client:.*#"), TimeSpan.FromSeconds(60));
            await client.RunAndWaitAsync("ping -c 2 -W 1 10.0.2.2", "ping-done");

            await Expect(trace.Locator("[data-role=trace-status]")).ToContainTextAsync("Traced", new() { Timeout = 40_000 });
            Assert.Empty(await trace.Locator("[data-role=trace-error]").AllInnerTextsAsync());
            var dropped = trace.Locator("[data-role=trace-packets] [data-verdict=dropped]");
            // The grader's own probes may be traced too: the learner's two pings at least.
            await Expect(dropped.Nth(1)).ToBeVisibleAsync();
            await Expect(dropped.First).ToContainTextAsync("icmp 10.0.1.2 > 10.0.2.2");

            await dropped.First.ClickAsync();
            var journey = trace.Locator("[data-role=trace-journey]");
            await Expect(journey.Locator("[data-role=trace-fate]")).ToContainTextAsync("dropped in ip filter FORWARD at forward");
            var forward = journey.Locator("[data-role=trace-chains] > li[data-where='ip filter FORWARD']");
            await Expect(forward).ToHaveAttributeAsync("data-verdict", "drop");
            var rule = forward.Locator(".trace-rules > li[data-verdict=drop]");
            await Expect(rule).ToContainTextAsync(new Regex(@"rule \d+: .*ip saddr 10\.0\.1\.2 .*drop"));
            // On the hook diagram: PREROUTING passed, FORWARD where it died, never INPUT or POSTROUTING.
            await Expect(journey.Locator(".hook[data-hook=prerouting]")).ToHaveClassAsync(new Regex(@"\bpassed\b"));
            await Expect(journey.Locator(".hook[data-hook=forward]")).ToHaveClassAsync(new Regex(@"\bdropped\b"));
            await Expect(journey.Locator(".hook[data-hook=input]")).Not.ToHaveClassAsync(new Regex(@"\bpassed\b"));
            await Expect(journey.Locator(".hook[data-hook=postrouting]")).Not.ToHaveClassAsync(new Regex(@"\bpassed\b"));
            // The platform's table is gone; the learner's rule is still there.
            await router.Tab.ClickAsync();
            await router.RunAndWaitAsync("nft list tables | grep -q netacademy_trace || echo table-$((1+1))-gone; iptables -S FORWARD | grep -c 'icmp -j DROP'", "after");
            var screen = await router.ScreenAsync();
            Assert.Contains("table-2-gone", screen, StringComparison.Ordinal);
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task TraceHubMethod_RefusesAnotherLearnersSession_InvalidMatches_AndASecondTraceAtOnce()
    {
        var (alice, aliceSession) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            // Mallory, signed in, scripts the hub with Alice's session id.
            var mallory = await _fixture.NewPageAsync();
            await mallory.GotoAsync("/");
            await mallory.AddScriptTagAsync(new() { Url = "/lib/signalr/signalr.min.js" });
            var foreign = await mallory.EvaluateAsync<string>("""
                async (victim) => {
                  const { openHub } = await import('/js/hub.js');
                  const hub = await openHub('/hubs/workspace');
                  try { await hub.invoke('Trace', victim, 'host1', null, 'icmp', null, null, null, 5); return 'allowed'; }
                  catch (e) { return String(e.message); }
                }
                """, aliceSession);
            Assert.EndsWith("No such lab session.", foreign, StringComparison.Ordinal);
            await mallory.Context.CloseAsync();

            // Alice's own hub: the match words are validated, never passed on as nft or shell text.
            var refusals = await alice.EvaluateAsync<string[]>("""
                async (id) => {
                  const { openHub } = await import('/js/hub.js');
                  const hub = await openHub('/hubs/workspace');
                  const attempt = async (...args) => { try { await hub.invoke('Trace', id, ...args); return 'allowed'; } catch (e) { return String(e.message); } };
                  return [
                    await attempt('host1', null, 'icmp; touch /tmp/pwned', null, null, null, 5),
                    await attempt('host1', null, 'icmp', '10.0.0.1 meta mark set 1', null, null, 5),
                    await attempt('host1', null, null, null, null, null, 5),
                    await attempt('host1', '../../proc', 'icmp', null, null, null, 5),
                    await attempt('host1', null, 'icmp', null, null, null, 600),
                    await attempt('nosuchnode', null, 'icmp', null, null, null, 5),
                  ];
                }
                """, aliceSession);
            Assert.Contains("The protocol 'icmp; touch /tmp/pwned' is not one a trace can match", refusals[0], StringComparison.Ordinal);
            Assert.Contains("must be an IP address or prefix", refusals[1], StringComparison.Ordinal);
            Assert.Contains("needs at least one of", refusals[2], StringComparison.Ordinal);
            Assert.Contains("is not a network namespace name", refusals[3], StringComparison.Ordinal);
            Assert.Contains("A trace lasts 2 to 20 seconds.", refusals[4], StringComparison.Ordinal);
            Assert.Contains("The lab has no such node.", refusals[5], StringComparison.Ordinal);

            // One trace at a time per session: a second one while the first runs is refused, the first one ends well.
            await alice.EvaluateAsync("""
                async (id) => {
                  const { openHub } = await import('/js/hub.js');
                  const hub = await openHub('/hubs/workspace');
                  window.firstTrace = hub.invoke('Trace', id, 'host1', null, 'icmp', null, null, null, 6).then(v => 'ok ' + v.packets.length, e => String(e.message));
                }
                """, aliceSession);
            var host1 = new TerminalDriver(alice, "host1");
            await host1.RunAndWaitAsync("until nft list tables | grep -q 'inet netacademy_trace_'; do sleep 0.1; done", "trace-on");
            var second = await alice.EvaluateAsync<string>("""
                async (id) => {
                  const { openHub } = await import('/js/hub.js');
                  const hub = await openHub('/hubs/workspace');
                  try { await hub.invoke('Trace', id, 'host1', null, 'tcp', null, null, 80, 3); return 'allowed'; }
                  catch (e) { return String(e.message); }
                }
                """, aliceSession);
            Assert.EndsWith("A trace is already running in this lab: wait for it to end.", second, StringComparison.Ordinal);
            Assert.StartsWith("ok ", await alice.EvaluateAsync<string>("() => window.firstTrace"), StringComparison.Ordinal);

            Assert.DoesNotContain("pwned", await host1.RunAndWaitAsync("ls /tmp; nft list tables", "listed"), StringComparison.Ordinal);
        }
        finally
        {
            await LabPage.StopAsync(alice);
        }
    }
}
