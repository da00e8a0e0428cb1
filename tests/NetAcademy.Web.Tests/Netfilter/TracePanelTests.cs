using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Limits;
using NetAcademy.Web.Netfilter;
using NetAcademy.Web.Tests.Grading;

namespace NetAcademy.Web.Tests.Netfilter;

/// <summary>
/// The Trace panel as a component over a real <see cref="SessionManager"/> and <see cref="NetfilterTraceService"/>,
/// whose node answers with output recorded on the real kernel (netfilter-iptables' router): the match goes to the
/// node as argv words, the packet's path shows on the hook diagram, a bad match is refused before anything runs,
/// and another learner's session renders no way to trace it.
/// </summary>
public sealed class TracePanelTests : BunitContext
{
    private static readonly NodeName Router = new("router");
    private readonly Lab _lab;
    private readonly SessionManager _sessions;
    private readonly RecordedTraceShell _shell = new();
    private readonly NetfilterTraceService _traces;
    private const int TracesPerMinute = 3;

    public TracePanelTests()
    {
        _lab = new Lab(new LabId("trace-lab"), "Trace lab", "", [new LabNode(Router, "base", LabNode.DefaultCapabilities, 128, 0.5, 64,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], "router", [])], [], [], [], LabLimits.Default, Path.GetTempPath());
        var runtime = new InstantLabRuntime(_shell);
        _sessions = new SessionManager(runtime, new SingleLabDirectory(_lab), Options.Create(new LabsOptions()), TimeProvider.System, NullLogger<SessionManager>.Instance);
        Services.AddSingleton(_sessions);
        _traces = new NetfilterTraceService(runtime, _sessions, new UserRateLimits(Options.Create(new UsageLimitsOptions { TracesPerMinute = TracesPerMinute })));
        Services.AddSingleton(_traces);
        AddAuthorization().SetAuthorized("alice");
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task Trace_RecordedDnatedConnection_MatchAsArgvWords_PathOnTheHookDiagram()
    {
        var session = await ReadySessionAsync("alice");
        var panel = Render<TracePanel>(p => p.Add(c => c.SessionId, session.Id.Value));
        panel.Find(".trace-toggle").Click();
        panel.FindAll(".trace-form select")[1].Change("tcp");
        panel.FindAll(".trace-form input")[1].Input("10.0.1.2");
        panel.FindAll(".trace-form input")[4].Input("2");

        panel.Find(".trace-form").Submit();

        panel.WaitForAssertion(() => Assert.StartsWith("Traced ", panel.Find("[data-role=trace-status]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var start = Assert.Single(_shell.Starts);
        Assert.Equal(["ip", "saddr", "10.0.1.2", "meta", "l4proto", "tcp"], start.TakeLast(6));
        Assert.Contains("tcp 10.0.1.2:56470 > 10.0.1.1:8080", panel.Find("[data-role=trace-packets] [aria-selected=true]").TextContent, StringComparison.Ordinal);
        var journey = panel.Find("[data-role=trace-journey]");
        Assert.Equal(["ip nat PREROUTING", "ip filter FORWARD", "ip nat POSTROUTING"], journey.QuerySelectorAll("[data-role=trace-chains] > li").Select(li => li.GetAttribute("data-where")));
        Assert.Equal(["prerouting", "forward", "postrouting"], journey.QuerySelectorAll(".hook.passed").Select(h => h.GetAttribute("data-hook")));
        Assert.Contains("ip daddr 10.0.1.1 → 10.0.2.2 after ip nat PREROUTING", journey.QuerySelector("[data-role=trace-nat]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("rule 3: ", journey.QuerySelector("li[data-where='ip filter FORWARD'] .trace-rules")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_StoppedByTheLearner_EndsBeforeItsDurationAndShowsWhatItSaw()
    {
        var session = await ReadySessionAsync("alice");
        var panel = Render<TracePanel>(p => p.Add(c => c.SessionId, session.Id.Value));
        panel.Find(".trace-toggle").Click();
        panel.FindAll(".trace-form select")[1].Change("tcp");
        panel.FindAll(".trace-form input")[4].Input(NetfilterTraceService.MaxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        panel.Find(".trace-form").Submit();
        panel.WaitForAssertion(() => Assert.Single(_shell.Starts));

        panel.Find("[data-role=trace-stop]").Click();

        // Well inside the 20 s the trace would otherwise take: only the Stop can end it this soon.
        panel.WaitForAssertion(() => Assert.Equal("Traced 6 packets matching tcp on router (stopped early).", panel.Find("[data-role=trace-status]").TextContent),
            TimeSpan.FromSeconds(8));
        Assert.Equal(1, _shell.Collects);
        Assert.Empty(panel.FindAll("[data-role=trace-stop]"));
        Assert.False(_traces.IsRunning(session.Id));
    }

    [Fact]
    public async Task Trace_SourceWithNftWords_IsRefusedWithASentence_NothingRunsInTheNode()
    {
        var session = await ReadySessionAsync("alice");
        var panel = Render<TracePanel>(p => p.Add(c => c.SessionId, session.Id.Value));
        panel.Find(".trace-toggle").Click();
        panel.FindAll(".trace-form input")[1].Input("10.0.1.2 meta mark set 1");

        panel.Find(".trace-form").Submit();

        panel.WaitForAssertion(() => Assert.Contains("must be an IP address or prefix", panel.Find("[data-role=trace-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_shell.Starts);
    }

    [Fact]
    public async Task AnotherLearnersSession_NoNodeAndNoTraceButton()
    {
        var bobs = await ReadySessionAsync("bob");
        var panel = Render<TracePanel>(p => p.Add(c => c.SessionId, bobs.Id.Value));

        Assert.Empty(panel.FindAll("option[value=router]"));
        Assert.True(panel.Find("button[type=submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Trace_LearnerCallsMoreThanTheLimitPerMinute_IsRefusedWithASentence_NothingMoreRunsInTheNode()
    {
        // The attack: a learner's script calls Trace in a loop to keep monitors running in the node. Each call ends at
        // once (cancelled) so only the limit stops the loop.
        var session = await ReadySessionAsync("alice");
        var request = new TraceRequest("router", null, "icmp", null, null, null, NetfilterTraceService.MinSeconds);
        var refusals = new List<string>();
        for (var i = 0; i < TracesPerMinute + 3; i++)
        {
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            try
            {
                await _traces.TraceAsync(session, "alice", request, cancelled.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (TraceRefusedException ex)
            {
                refusals.Add(ex.Message);
            }
        }

        Assert.Equal(TracesPerMinute, _shell.Starts.Count);
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, m => Assert.StartsWith($"Too many traces: at most {TracesPerMinute} a minute per learner.", m, StringComparison.Ordinal));
        // Another learner is not held back by alice's loop.
        var bobs = await ReadySessionAsync("bob");
        using var cancelledForBob = new CancellationTokenSource();
        await cancelledForBob.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _traces.TraceAsync(bobs, "bob", request, cancelledForBob.Token));
        Assert.Equal(TracesPerMinute + 1, _shell.Starts.Count);
    }

    [Fact]
    public async Task Trace_SecondCallWhileOneRuns_IsRefused_NothingMoreRunsInTheNode()
    {
        var session = await ReadySessionAsync("alice");
        var request = new TraceRequest("router", null, "icmp", null, null, null, NetfilterTraceService.MinSeconds);
        using var stop = new CancellationTokenSource();
        var first = _traces.TraceAsync(session, "alice", request, stop.Token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!_traces.IsRunning(session.Id) || _shell.Starts.Count == 0)
        {
            await Task.Delay(10, timeout.Token);
        }

        var second = await Assert.ThrowsAsync<TraceRefusedException>(() => _traces.TraceAsync(session, "alice", request, CancellationToken.None));

        Assert.Equal("A trace is already running in this lab: wait for it to end.", second.Message);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Single(_shell.Starts);
        Assert.False(_traces.IsRunning(session.Id));
    }

    private async Task<LabSession> ReadySessionAsync(string user)
    {
        var session = await _sessions.StartAsync(user, _lab.Id, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (session.State != SessionState.Ready)
        {
            await Task.Delay(10, timeout.Token);
        }
        return session;
    }

    /// <summary>Answers the tracer's start script with the router's recorded chains and its collect script with the recorded monitor output.</summary>
    private sealed class RecordedTraceShell : INodeShell
    {
        private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nft-trace");

        public List<IReadOnlyList<string>> Starts { get; } = [];

        public int Collects;

        public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var script = argv.Count > 2 && argv[0] == "sh" && argv[1] == "-c" ? argv[2] : "";
            if (script.Contains("nft add table inet \"$t\"", StringComparison.Ordinal))
            {
                lock (Starts)
                {
                    Starts.Add(argv);
                }
                return Task.FromResult(new ExecResult(0, File.ReadAllText(Path.Combine(Fixtures, "router-chains.json")), "", false));
            }
            // The recording was made with the tracer's table of one fixed name; this trace's table is argv[5].
            var collect = script.Contains("nft add chain inet \"$t\" done", StringComparison.Ordinal);
            if (collect)
            {
                Interlocked.Increment(ref Collects);
            }
            return Task.FromResult(collect
                ? new ExecResult(0, File.ReadAllText(Path.Combine(Fixtures, "router-forward.txt"))
                    .Replace(" inet netacademy_trace ", $" inet {argv[5]} ", StringComparison.Ordinal), "", false)
                : new ExecResult(0, "", "", false));
        }
    }
}
