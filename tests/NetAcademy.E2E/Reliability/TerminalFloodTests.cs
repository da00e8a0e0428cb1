using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using NetAcademy.E2E.Infrastructure;
using Xunit.Abstractions;

namespace NetAcademy.E2E.Reliability;

/// <summary>
/// Floods through the terminal: input floods, binary input and huge pastes do not grow the server's memory
/// without bound (the hub takes one message at a time, 64 KiB at most); output floods keep /healthz fast,
/// and after `yes` and Ctrl-C the page's terminal takes a command and shows its output. Bounds are
/// generous: they catch unbounded buffering (hundreds of MB), not tuning.
/// </summary>
public sealed class TerminalFloodTests : IClassFixture<BrowserFixture>
{
    private const double MaxGrowthMiB = 200;
    private static readonly TimeSpan MaxHealthLatency = TimeSpan.FromSeconds(5);
    private readonly BrowserFixture _fixture;
    private readonly ITestOutputHelper _output;

    public TerminalFloodTests(BrowserFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task Input_FloodOfBinaryAndHugePaste_MemoryBoundedServerHealthy()
    {
        var (page, sessionId) = await LabPage.StartVethLabAsync(_fixture);
        using var probe = new ServerProbe(_fixture.Server);
        try
        {
            await using var hub = await RawHubConnection.ConnectAsync(_fixture.Server, page);
            await hub.InvokeAsync("Watch", sessionId);
            // Raw mode: ^C, ^D and friends are plain bytes to cat, which throws everything away.
            await hub.InvokeAsync("Input", sessionId, "host1", 1, "stty raw -echo; cat > /dev/null\r");
            await Task.Delay(500);
            var before = probe.ResidentMiB();
            var random = new Random(42);
            var chunk = new StringBuilder();
            for (var i = 0; i < 16 * 1024 - 1; i++)
            {
                chunk.Append((char)random.Next(1, 0xD7FF));
            }
            var binary = chunk.ToString();
            using var stop = new CancellationTokenSource();
            var watch = probe.WatchAsync(stop.Token);
            var clock = Stopwatch.StartNew();
            var sent = 0L;
            // Fire-and-forget sends: the client does not wait for each, so only the server's backpressure paces it.
            while (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await hub.SendAsync("Input", sessionId, "host1", 1, binary);
                sent += Encoding.UTF8.GetByteCount(binary);
            }
            stop.Cancel();
            var (worstLatency, peak) = await watch;

            _output.WriteLine($"input flood: {sent / 1024 / 1024} MiB sent in 10 s; RSS {before:0} -> peak {peak:0} MiB; worst /healthz {worstLatency.TotalMilliseconds:0} ms");
            Assert.True(sent > 8 * 1024 * 1024, $"only {sent / 1024 / 1024} MiB of input went out in 10 s");
            Assert.True(peak - before < MaxGrowthMiB, $"server grew from {before:0} to {peak:0} MiB while taking {sent / 1024 / 1024} MiB of input");
            Assert.True(worstLatency < MaxHealthLatency, $"/healthz took {worstLatency.TotalMilliseconds:0} ms during the input flood");

            // A paste bigger than the hub's 64 KiB message limit drops that connection, not the server.
            await using var paster = await RawHubConnection.ConnectAsync(_fixture.Server, page);
            try
            {
                await paster.SendAsync("Input", sessionId, "host1", 1, new string('x', 4 * 1024 * 1024));
            }
            catch (WebSocketException)
            {
                // The server may drop the connection while the paste is still being written: that is the
                // outcome under test, seen from the sender's side before the close arrives.
            }
            await paster.Closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(probe.ResidentMiB() - before < MaxGrowthMiB, "a huge paste grew the server without bound");
            await probe.HealthLatencyAsync();
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task Output_FiftyMegabytesOfRandomBytes_HealthzFastMemoryBoundedTerminalStillWorks()
    {
        var (page, sessionId) = await LabPage.StartVethLabAsync(_fixture);
        using var probe = new ServerProbe(_fixture.Server);
        try
        {
            await using var hub = await RawHubConnection.ConnectAsync(_fixture.Server, page);
            await hub.InvokeAsync("Watch", sessionId);
            var before = probe.ResidentMiB();
            var received = 0L;
            var tail = "";
            await hub.StartStreamAsync("Terminal", sessionId, "host1", 1, 120, 40);
            var reader = Task.Run(async () =>
            {
                // Read as fast as the server sends, until the marker printed after the flood shows up.
                while (true)
                {
                    var message = await hub.NextAsync(TimeSpan.FromSeconds(60));
                    if (message.GetProperty("type").GetInt32() != 2)
                    {
                        continue;
                    }
                    var text = message.GetProperty("item").GetString() ?? "";
                    received += text.Length;
                    tail = (tail + text)[^Math.Min(tail.Length + text.Length, 4096)..];
                    if (tail.Contains("flood-over-42", StringComparison.Ordinal))
                    {
                        return;
                    }
                }
            });
            using var stop = new CancellationTokenSource();
            var watch = probe.WatchAsync(stop.Token);
            var clock = Stopwatch.StartNew();
            // Sent, not invoked: the reader task owns the incoming messages, completions included.
            await hub.SendAsync("Input", sessionId, "host1", 1, "cat /dev/urandom | head -c 50M; echo; echo flood-over-$((6*7))\r");
            await reader.WaitAsync(TimeSpan.FromMinutes(3));
            stop.Cancel();
            var (worstLatency, peak) = await watch;

            _output.WriteLine($"output flood: {received / 1024 / 1024} M characters in {clock.Elapsed.TotalSeconds:0} s; RSS {before:0} -> peak {peak:0} MiB; worst /healthz {worstLatency.TotalMilliseconds:0} ms");
            Assert.True(received > 20 * 1024 * 1024, $"only {received} characters arrived for 50 MB of output");
            Assert.True(worstLatency < MaxHealthLatency, $"/healthz took {worstLatency.TotalMilliseconds:0} ms during the output flood");
            Assert.True(peak - before < MaxGrowthMiB, $"server grew from {before:0} to {peak:0} MiB during {clock.Elapsed.TotalSeconds:0} s of output");
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task Yes_ForSecondsThenCtrlC_ServerHealthyAndTerminalRunsNextCommand()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        using var probe = new ServerProbe(_fixture.Server);
        try
        {
            var terminal = new TerminalDriver(page, "host1");
            await terminal.WaitForAsync(new Regex(@"root@host1:.*#"));
            var before = probe.ResidentMiB();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var watch = probe.WatchAsync(stop.Token);

            await terminal.RunAsync("yes");
            var (worstLatency, peak) = await watch;
            await page.Keyboard.PressAsync("Control+C");
            await terminal.RunAndWaitAsync("clear; echo after-yes-$((2*21))", "typed", TimeSpan.FromSeconds(60));

            await terminal.WaitForAsync(new Regex("after-yes-42"));
            _output.WriteLine($"yes: RSS {before:0} -> peak {peak:0} MiB; worst /healthz {worstLatency.TotalMilliseconds:0} ms");
            Assert.True(worstLatency < MaxHealthLatency, $"/healthz took {worstLatency.TotalMilliseconds:0} ms while yes ran");
            Assert.True(peak - before < MaxGrowthMiB, $"server grew from {before:0} to {peak:0} MiB while yes ran");
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }
}
