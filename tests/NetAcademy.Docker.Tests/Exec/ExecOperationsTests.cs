using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace NetAcademy.Docker.Tests.Exec;

[Collection(DockerCollection.Name)]
public sealed class ExecOperationsTests(DockerFixture fixture)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private readonly DockerClient _client = fixture.Client;

    [Fact]
    public async Task RunAsync_IpJsonLink_ListsLoopbackAndEth0()
    {
        var result = await _client.Exec.RunAsync(fixture.ContainerId, ["ip", "-j", "link"], RunTimeout);

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal(string.Empty, result.Stderr);
        var names = LinkNames(result.Stdout);
        Assert.Contains("lo", names);
        Assert.Contains("eth0", names);
    }

    [Fact]
    public async Task RunAsync_AddVethPair_PairVisibleInIpLink()
    {
        var add = await _client.Exec.RunAsync(fixture.ContainerId, ["ip", "link", "add", "vt0", "type", "veth", "peer", "name", "vt1"], RunTimeout);
        try
        {
            Assert.Equal(string.Empty, add.Stderr);
            Assert.Equal(0, add.ExitCode);

            var list = await _client.Exec.RunAsync(fixture.ContainerId, ["ip", "-j", "link", "show", "type", "veth"], RunTimeout);
            Assert.Equal(0, list.ExitCode);
            using var json = JsonDocument.Parse(list.Stdout);
            var links = json.RootElement.EnumerateArray().ToDictionary(l => l.GetProperty("ifname").GetString()!, l => l.Clone());
            Assert.Equal("vt1", links["vt0"].GetProperty("link").GetString());
            Assert.Equal("vt0", links["vt1"].GetProperty("link").GetString());
        }
        finally
        {
            await _client.Exec.RunAsync(fixture.ContainerId, ["ip", "link", "del", "vt0"], RunTimeout);
        }
    }

    [Fact]
    public async Task RunAsync_WritesToBothStreams_DemultiplexesStdoutAndStderr()
    {
        var script = "for i in 1 2 3; do echo out$i; echo err$i >&2; done; exit 3";

        var result = await _client.Exec.RunAsync(fixture.ContainerId, ["sh", "-c", script], RunTimeout);

        Assert.Equal("out1\nout2\nout3\n", result.Stdout);
        Assert.Equal("err1\nerr2\nerr3\n", result.Stderr);
        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Truncated);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(255)]
    public async Task RunAsync_ShellExit_ReportsExitCode(int code)
    {
        var result = await _client.Exec.RunAsync(fixture.ContainerId, ["sh", "-c", $"exit {code}"], RunTimeout);

        Assert.Equal(code, result.ExitCode);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task RunAsync_MissingProgram_ReportsNonZeroExitCode()
    {
        var result = await _client.Exec.RunAsync(fixture.ContainerId, ["/no/such/program"], RunTimeout);

        Assert.Contains(result.ExitCode, new[] { 126, 127 });
    }

    [Fact]
    public async Task RunAsync_ScriptOnStdin_ShellRunsIt()
    {
        var script = Encoding.UTF8.GetBytes("x=$((2+3))\necho \"x=$x\"\nhostname\nread -r line || echo eof\n");

        var result = await _client.Exec.RunAsync(fixture.ContainerId, ["sh", "-s"], script, RunTimeout);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"x=5\n{DockerFixture.Hostname}\neof\n", result.Stdout);
    }

    [Fact]
    public async Task RunAsync_LargeStdin_IsPassedThroughCompletely()
    {
        var input = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(input);

        var result = await _client.Exec.RunAsync(fixture.ContainerId, ["wc", "-c"], input, RunTimeout);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input.Length.ToString(), result.Stdout.Trim());
    }

    [Fact]
    public async Task RunAsync_OutputOverLimit_TruncatesButWaitsForExit()
    {
        var result = await _client.Exec.RunAsync(
            fixture.ContainerId, ["sh", "-c", "head -c 500000 /dev/zero | tr '\\0' a; echo; echo done >&2; exit 7"], RunTimeout, CancellationToken.None, maxOutputBytes: 1000);

        Assert.True(result.Truncated);
        Assert.Equal(new string('a', 1000), result.Stdout);
        Assert.Equal("done\n", result.Stderr);
        Assert.Equal(7, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_ProgramOutlivesTimeout_ReturnsTimedOut()
    {
        var watch = Stopwatch.StartNew();

        var result = await _client.Exec.RunAsync(fixture.ContainerId, ["sh", "-c", "echo started; exec sleep 37"], TimeSpan.FromSeconds(1));

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.Equal("started\n", result.Stdout);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _client.Exec.RunAsync(fixture.ContainerId, ["sleep", "38"], RunTimeout, cts.Token));
    }

    [Fact]
    public async Task RunAsync_UnknownContainer_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<DockerNotFoundException>(
            () => _client.Exec.RunAsync(fixture.NewName("ghost"), ["true"], RunTimeout));
    }

    [Fact]
    public async Task RunAsync_StoppedContainer_ThrowsConflict()
    {
        var id = await fixture.CreateContainerAsync(fixture.NewName("stopped"), start: false, CancellationToken.None);

        await Assert.ThrowsAsync<DockerConflictException>(() => _client.Exec.RunAsync(id, ["true"], RunTimeout));
    }

    [Fact]
    public async Task InspectExecAsync_UnknownExec_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<DockerNotFoundException>(
            () => _client.Exec.InspectExecAsync(Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task RunAsync_NamespacedSysctl_IsAppliedInContainer()
    {
        var result = await _client.Exec.RunAsync(fixture.ContainerId, ["cat", "/proc/sys/net/ipv4/ip_forward"], RunTimeout);

        Assert.Equal("1\n", result.Stdout);
    }

    private static List<string> LinkNames(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).ToList();
    }
}
