using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Capture;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Tests.Support;
using Xunit.Abstractions;

namespace NetAcademy.Labs.Tests.Reliability;

/// <summary>
/// A learner is root in their node and can replace any program the platform runs there. These tests put hostile
/// programs in a real node (a fake <c>ip</c>, a fake <c>tcpdump</c>, a command that prints without end), drive the
/// platform's own path over them, and check that the learner is told why the graph, capture or run stopped and that
/// this process's memory stayed within a stated bound while the node wrote.
/// </summary>
[Trait("Category", "EngineMatrix")]
[Collection(AloneCollection.Name)]
public sealed class HostileNodeOutputTests : IClassFixture<RuntimeFixture>, IAsyncLifetime
{
    /// <summary>Growth of the managed heap (after a full collection) allowed while a hostile node writes.</summary>
    private const long HeapBound = 64L * 1024 * 1024;

    /// <summary>Growth of the process's working set allowed while a hostile node writes (other tests run in parallel).</summary>
    private const long WorkingSetBound = 256L * 1024 * 1024;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly NodeName A = new("a");
    private static readonly NodeName B = new("b");
    private readonly RuntimeFixture _fixture;
    private readonly ITestOutputHelper _output;
    private readonly SessionId _session = SessionId.New();
    private INodeShell _shell = null!;

    public HostileNodeOutputTests(RuntimeFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public async Task InitializeAsync()
    {
        await _fixture.Runtime.StartAsync(new SessionSpec(_session, "mallory", TestLabs.TwoNodes(subnet: "10.94.0.0/24", prefix: "10.94.0")),
            new Progress<StartProgress>(), CancellationToken.None);
        _shell = _fixture.Runtime.GetShell(_session, [A, B]);
    }

    public async Task DisposeAsync() => await _fixture.Runtime.StopAsync(_session, CancellationToken.None);

    /// <summary>
    /// The fakes' note of how many bytes they have written, in /tmp/written: whole or not at all (a kill may land
    /// mid-note), and counted before each write, since a write the platform cuts off by killing the writer never returns
    /// and what it put in the pipe would go uncounted.
    /// </summary>
    private const string WrittenNote = """
        noted = 0
        def note(n):
            global noted
            noted = max(noted, n)
            with open('/tmp/written.new', 'w') as f:
                f.write(str(noted))
            os.replace('/tmp/written.new', '/tmp/written')
        """;

    /// <summary>
    /// A fake <c>ip</c>: with <c>-j</c> it prints a JSON array of 1 GiB, with <c>monitor</c> link lines without end,
    /// otherwise it runs the real one. It notes in /tmp/written how many bytes it has written, counted before each write that crosses a MiB and when its pipe breaks.
    /// </summary>
    private const string FakeIp = $$"""
        #!/usr/bin/python3
        import os, sys
        args = sys.argv[1:]
        out = sys.stdout.buffer
        total = 0
        {{WrittenNote}}
        try:
            if 'monitor' in args:
                chunk = b'3: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default\n' * 40
                while True:
                    if (total + len(chunk)) >> 20 != total >> 20: note(total + len(chunk))
                    out.write(chunk); out.flush(); total += len(chunk)
            elif '-j' in args:
                entry = b'{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"mtu":65536,"operstate":"UNKNOWN","link_type":"loopback"},'
                chunk = entry * 512
                out.write(b'['); total = 1
                while total < (1 << 30):
                    if (total + len(chunk)) >> 20 != total >> 20: note(total + len(chunk))
                    out.write(chunk); total += len(chunk)
                out.write(b'{}]\n'); out.flush()
            else:
                os.execv('/usr/bin/ip', ['ip'] + args)
        finally:
            note(total)
        """;

    /// <summary>
    /// A fake <c>tcpdump</c>: says it listens, then writes a pcapng section header and interface description blocks
    /// without end ("idb"), or sections of 1,000 descriptions each without end ("sections": never more than 1,024 in one
    /// section), as /tmp/fake-mode says. It notes how many bytes it has written in /tmp/written, as the fake ip does.
    /// </summary>
    private const string FakeTcpdump = $$"""
        #!/usr/bin/python3
        import os, struct, sys
        out = sys.stdout.buffer
        mode = open('/tmp/fake-mode').read().strip()
        total = 0
        {{WrittenNote}}
        shb = struct.pack('<IIIHHqI', 0x0A0D0D0A, 28, 0x1A2B3C4D, 1, 0, -1, 28)
        idb = struct.pack('<IIHHII', 1, 20, 1, 0, 262144, 20)
        sys.stderr.write('tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n')
        sys.stderr.flush()
        try:
            if mode == 'sections':
                chunk = shb + idb * 1000
                while True:
                    if (total + len(chunk)) >> 20 != total >> 20: note(total + len(chunk))
                    out.write(chunk); total += len(chunk)
            else:
                out.write(shb); total = len(shb)
                chunk = idb * 4096
                while True:
                    if (total + len(chunk)) >> 20 != total >> 20: note(total + len(chunk))
                    out.write(chunk); total += len(chunk)
        finally:
            note(total)
        """;

    private async Task<ExecResult> Sh(NodeName node, string script)
    {
        var result = await _shell.RunAsync(node, ["sh", "-c", script], null, Timeout, CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"`{script}` on {node}: {result.Stdout}{result.Stderr}");
        return result;
    }

    /// <summary>Writes <paramref name="text"/> over <paramref name="path"/> in <paramref name="node"/>, as its root could (the original is kept at path.orig).</summary>
    private async Task ReplaceAsync(NodeName node, string path, string text)
    {
        var write = await _shell.RunAsync(node,
            ["sh", "-c", "{ [ ! -e \"$1\" ] || cp \"$1\" \"$1.orig\"; } && printf '%s\\n' \"$2\" > \"$1\" && chmod 755 \"$1\" && rm -f /tmp/written", "sh", path, text],
            null, Timeout, CancellationToken.None);
        Assert.True(write.ExitCode == 0, write.Stdout + write.Stderr);
    }

    private Task RestoreAsync(NodeName node, string path) =>
        _shell.RunAsync(node, ["sh", "-c", "if [ -e \"$1.orig\" ]; then mv -f \"$1.orig\" \"$1\"; else rm -f \"$1\"; fi", "sh", path], null, Timeout, CancellationToken.None);

    private async Task<long> WrittenAsync(NodeName node)
    {
        var result = await _shell.RunAsync(node, ["cat", "/tmp/written"], null, Timeout, CancellationToken.None);
        return long.TryParse(result.Stdout.Trim(), out var written) ? written : 0;
    }

    /// <summary>The names of the processes in <paramref name="node"/> once no process of a finished run is left, or after 20 s.</summary>
    private async Task<List<string>> ProcessesAsync(NodeName node, string? gone = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var names = (await Sh(node, "ps -eo comm=")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            if (!names.Contains(gone ?? "python3") || DateTime.UtcNow > deadline)
            {
                return names;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Memory of this process now: managed heap after a full collection, and the working set (RSS).</summary>
    private static (long Heap, long WorkingSet) Memory()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        return (heap, self.WorkingSet64);
    }

    private void AssertMemoryBounded((long Heap, long WorkingSet) before, (long Heap, long WorkingSet) after, long written, string what)
    {
        var heap = (after.Heap - before.Heap) / 1048576.0;
        var rss = (after.WorkingSet - before.WorkingSet) / 1048576.0;
        var figure = $"{what}: the node wrote {written / 1048576.0:F1} MiB; managed heap {before.Heap / 1048576.0:F1} -> {after.Heap / 1048576.0:F1} MiB ({heap:+0.0;-0.0} MiB), " +
            $"working set {before.WorkingSet / 1048576.0:F1} -> {after.WorkingSet / 1048576.0:F1} MiB ({rss:+0.0;-0.0} MiB)";
        _output.WriteLine(figure);
        Assert.True(after.Heap - before.Heap < HeapBound, $"managed heap must grow < {HeapBound / 1048576} MiB; {figure}");
        Assert.True(after.WorkingSet - before.WorkingSet < WorkingSetBound, $"working set must grow < {WorkingSetBound / 1048576} MiB; {figure}");
    }

    [Fact]
    public async Task RunAsync_CommandPrintsWithoutEnd_EndsAtOneMebibyteSaysSoAndTheProgramIsGone()
    {
        var before = Memory();
        var result = await _shell.RunAsync(A, ["yes", "netacademy"], null, Timeout, CancellationToken.None);
        var after = Memory();

        Assert.True(result.OutputExceeded, $"exit {result.ExitCode}, timed out {result.TimedOut}, {result.Stdout.Length} characters");
        Assert.False(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.Equal(ExecResult.MaxOutputBytes, result.Stdout.Length);
        Assert.StartsWith("netacademy\nnetacademy\n", result.Stdout, StringComparison.Ordinal);
        AssertMemoryBounded(before, after, ExecResult.MaxOutputBytes, "yes (what it wrote is not counted; the 1 MiB read is shown)");

        // The engine would leave `yes` blocked on its full pipe for ever; the platform kills it.
        Assert.DoesNotContain("yes", await ProcessesAsync(A, "yes"));
    }

    [Fact]
    public async Task Discovery_IpPrintsAGibibyteOfJson_GraphSaysWhyAndMemoryStaysBounded()
    {
        await ReplaceAsync(A, "/usr/local/sbin/ip", FakeIp);
        try
        {
            var before = Memory();
            var graph = await new InterfaceDiscovery(_shell).DiscoverAsync([A, B], [], CancellationToken.None);
            var after = Memory();
            var written = await WrittenAsync(A);

            foreach (var diagnostic in graph.Diagnostics)
            {
                _output.WriteLine($"{diagnostic.Severity} {diagnostic.Node} {diagnostic.Source}: {diagnostic.Message}");
            }
            var onA = graph.Diagnostics.Where(d => d.Node == A).ToList();
            var expected = $"a's `ip` printed more than 1 MiB; the graph stopped reading it and shows only what came before";
            Assert.Contains(onA, d => d.Severity == GraphDiagnosticSeverity.Error && d.Source == "exec" && d.Message == expected);
            // Only that message: no JSON error about the half document the bound cut.
            Assert.DoesNotContain(onA, d => d.Message.Contains("JSON", StringComparison.Ordinal));
            // The other node is read as before.
            Assert.Contains(graph.Interfaces, i => i.Node == B && i.Name == "eth0");
            Assert.True(written >= ExecResult.MaxOutputBytes, $"the fake ip wrote only {written} bytes");
            AssertMemoryBounded(before, after, written, "fake ip (1 GiB of JSON offered)");
            // Reading stopped at the bound and the fake was killed, and it is not left blocked on its pipe. How much it
            // wrote before the kill landed depends on the engine. Docker 20.10's pipe blocks the writer: some MiB, where
            // reading on until the exec's timeout (the stop disabled) let it write 747 MiB. Newer engines read on into
            // their own memory until the kill lands, as fast as the fake writes (126 MiB seen on a loaded machine, 584 MiB
            // on one busier still): there the witness is that the kill cut the fake's gibibyte short, which it would
            // otherwise write to the end.
            var engine = await _fixture.Engine.GetStatusAsync(CancellationToken.None);
            var blocksTheWriter = engine.EngineVersion?.StartsWith("20.", StringComparison.Ordinal) == true;
            var bound = blocksTheWriter ? 384L << 20 : 1L << 30;
            Assert.True(written < bound, $"the fake ip wrote {written / 1048576.0:F1} MiB on Docker {engine.EngineVersion}: the graph went on reading past the bound");
            Assert.DoesNotContain("python3", await ProcessesAsync(A));
        }
        finally
        {
            await RestoreAsync(A, "/usr/local/sbin/ip");
        }
    }

    [Fact]
    public async Task NetlinkMonitor_IpMonitorPrintsWithoutEnd_ReadAtItsRateAndMemoryStaysBounded()
    {
        await ReplaceAsync(A, "/usr/local/sbin/ip", FakeIp);
        var signals = 0L;
        var before = Memory();
        var clock = Stopwatch.StartNew();
        var monitor = await NetlinkMonitor.StartAsync(_shell, A, null, () => Interlocked.Increment(ref signals), CancellationToken.None);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            var events = monitor.Events;
            var elapsed = clock.Elapsed.TotalSeconds;
            await monitor.DisposeAsync();
            var after = Memory();
            var written = await WrittenAsync(A);

            // Each fake line is 89 bytes: what was read is at most the rate times the time, plus one burst and one read.
            var allowed = ((NetlinkMonitor.MaxBytesPerSecond * (elapsed + 1)) + 4096) / 89.0;
            _output.WriteLine($"{events} lines read in {elapsed:F1} s ({signals} signals), at most {allowed:F0} allowed; the fake wrote {written} bytes");
            Assert.True(events > 0, "the monitor read nothing");
            Assert.True(events <= allowed, $"{events} lines read in {elapsed:F1} s, more than {NetlinkMonitor.MaxBytesPerSecond} bytes/s allows ({allowed:F0})");
            AssertMemoryBounded(before, after, written, "fake ip monitor");
            Assert.True(monitor.Completion.IsCompleted);
        }
        finally
        {
            await monitor.DisposeAsync();
            await RestoreAsync(A, "/usr/local/sbin/ip");
        }
    }

    [Theory]
    [InlineData("idb", "pcapng section describes more than 1024 interfaces; no capture program writes that many")]
    [InlineData("sections", "more than 4096 headers and blocks in a row without a packet; no capture program writes that")]
    public async Task Capture_TcpdumpWritesInterfaceDescriptionsWithoutEnd_EndsWithTheReasonAndMemoryStaysBounded(string mode, string reason)
    {
        // /usr/bin/tcpdump is on the node's read-only root, but the capture starts `timeout` from PATH, and
        // /usr/local/bin comes first and is the learner's to write.
        await ReplaceAsync(B, "/usr/local/bin/timeout", FakeTcpdump);
        await Sh(B, $"echo {mode} > /tmp/fake-mode");
        var manager = new CaptureManager(_fixture.Runtime, Options.Create(new CaptureOptions()), TimeProvider.System, NullLogger<CaptureManager>.Instance);
        try
        {
            var before = Memory();
            CaptureInfo info;
            try
            {
                var capture = await manager.StartAsync(new CaptureRequest(_session, [A, B], B, null, "eth0", null), CancellationToken.None);
                var last = await LastStatusAsync(capture);
                await capture.Completion.WaitAsync(Timeout);
                info = capture.Info();
                Assert.Equal(info.Error, last?.Error);
            }
            catch (CaptureException ex)
            {
                // It may also end before the platform saw it listen; then the start says why.
                info = new CaptureInfo("", "b", null, "eth0", null, CaptureState.Failed, ex.Message, default, 0, 0, 0, false);
            }
            var after = Memory();
            var written = await WrittenAsync(B);

            _output.WriteLine($"{info.State}: {info.Error}");
            Assert.Equal(CaptureState.Failed, info.State);
            Assert.StartsWith($"The capture on b eth0 stopped: the capture program's output is not a capture the platform reads ({reason} (at byte ", info.Error);
            // The fake (a script, so its process is named after the file) is killed, not left blocked on its pipe.
            Assert.DoesNotContain("timeout", await ProcessesAsync(B, "timeout"));
            AssertMemoryBounded(before, after, written, $"fake tcpdump ({mode})");
        }
        finally
        {
            await manager.DisposeAsync();
            await RestoreAsync(B, "/usr/local/bin/timeout");
        }
    }

    /// <summary>What a subscribed page last saw: the status the capture's stream ended with.</summary>
    private static async Task<CaptureInfo?> LastStatusAsync(CaptureSession capture)
    {
        using var cts = new CancellationTokenSource(Timeout);
        CaptureInfo? last = null;
        await foreach (var item in capture.SubscribeAsync(0, cts.Token))
        {
            if (item.Kind == CaptureEventKind.Status)
            {
                last = item.Status;
            }
        }
        return last;
    }
}
