using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Tests.Support;

namespace NetAcademy.Labs.Tests.Runtime.Docker;

/// <summary>
/// The paths of the engine client the runtime relies on, against the real engine: stdin written and then half-closed
/// (the old Docker.DotNet 3.x line sent no <c>Upgrade: tcp</c> and broke it), output bounded however much a node
/// writes, streamed stdout and stderr kept apart, a TTY read and written at once while it is resized, and the
/// runtime's own exceptions for a stopped node and an engine that is not there. Each is a reason an adapter in
/// <c>Runtime/Docker</c> exists.
/// </summary>
[Trait("Category", "EngineMatrix")]
public sealed class DockerExecTests : IClassFixture<RuntimeFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly NodeName A = new("a");
    private readonly RuntimeFixture _fixture;
    private readonly SessionId _session = SessionId.New();
    private INodeShell _shell = null!;

    public DockerExecTests(RuntimeFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        var lab = TestLabs.TwoNodes(subnet: "10.96.0.0/24", prefix: "10.96.0");
        await _fixture.Runtime.StartAsync(new SessionSpec(_session, "exec-test", lab), new Progress<StartProgress>(), CancellationToken.None);
        _shell = _fixture.Runtime.GetShell(_session, [A, new NodeName("b")]);
    }

    public Task DisposeAsync() => _fixture.Runtime.StopAsync(_session, CancellationToken.None);

    private DockerExec Exec => new(_fixture.Engine);

    private string ContainerA => LabLabels.ContainerName(_session.Value, "a");

    [Fact]
    public async Task RunAsync_StdinWrittenThenClosed_ProgramReadsItToEndAndExits()
    {
        var input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\n")));

        var result = await Exec.RunAsync(ContainerA, "a", ["sh", "-c", "wc -c; echo read-all >&2"], input, Timeout, DockerExec.DefaultMaxOutputBytes, CancellationToken.None);

        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Stdout.Trim());
        Assert.Equal("read-all", result.Stderr.Trim());
    }

    [Fact]
    public async Task RunAsync_NodeWritesFourMiB_StopsAtTheBoundWithoutAnExitCode()
    {
        // Past the bound the run ends there (its processes are killed), so the exit code is not known.
        var result = await Exec.RunAsync(ContainerA, "a", ["sh", "-c", "head -c 4194304 /dev/zero | tr '\\0' x; exit 3"], null, Timeout, 64 * 1024, CancellationToken.None);

        Assert.Equal(-1, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.True(result.Truncated);
        Assert.Equal(64 * 1024, result.Stdout.Length);
    }

    [Fact]
    public async Task RunAsync_ProgramOutlivesTimeout_ReportsTimedOut()
    {
        var result = await _shell.RunAsync(A, ["sleep", "30"], null, TimeSpan.FromMilliseconds(500), CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
    }

    [Fact]
    public async Task StartAsync_StreamedProcess_KeepsStdoutAndStderrApartAndEndsWhenInputCloses()
    {
        await using var process = await _shell.StartAsync(A, ["sh", "-c", "echo out; echo err >&2; cat >/dev/null; echo closed"], null, withInput: true, CancellationToken.None);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var buffer = new byte[256];
        using var deadline = new CancellationTokenSource(Timeout);

        await ReadUntilAsync(process, buffer, stdout, stderr, () => stdout.ToString().Contains("out", StringComparison.Ordinal) && stderr.ToString().Contains("err", StringComparison.Ordinal), deadline.Token);
        await process.CloseInputAsync(CancellationToken.None);
        var ended = await ReadUntilAsync(process, buffer, stdout, stderr, () => false, deadline.Token);

        Assert.True(ended);
        Assert.Equal("out\nclosed\n", stdout.ToString());
        Assert.Equal("err\n", stderr.ToString());
    }

    [Fact]
    public async Task OpenTerminalAsync_ReadWhileWritingAndResized_ShellSeesTheNewSizeAndAnswers()
    {
        await using var terminal = await _fixture.Runtime.OpenTerminalAsync(_session, A, new TerminalSize(80, 24), CancellationToken.None);
        var output = new StringBuilder();
        using var deadline = new CancellationTokenSource(Timeout);
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (true)
            {
                var n = await terminal.ReadAsync(buffer, deadline.Token);
                if (n == 0)
                {
                    return;
                }
                lock (output)
                {
                    output.Append(Encoding.UTF8.GetString(buffer, 0, n));
                }
            }
        });

        await terminal.ResizeAsync(new TerminalSize(101, 33), CancellationToken.None);
        // Several writes while the reader runs: one stream, read and written at once.
        foreach (var line in new[] { "stty size\n", "echo sum-$((40+2))\n", "exit\n" })
        {
            await terminal.WriteAsync(Encoding.UTF8.GetBytes(line), CancellationToken.None);
        }
        await reader.WaitAsync(deadline.Token);

        var text = output.ToString();
        Assert.Contains("33 101", text, StringComparison.Ordinal);
        Assert.Contains("sum-42", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenTerminalAsync_Disposed_ShellAndItsChildrenEnd()
    {
        var terminal = await _fixture.Runtime.OpenTerminalAsync(_session, A, new TerminalSize(80, 24), CancellationToken.None);
        // A foreground program holds the terminal, as when a learner closes a tab with ping running.
        await terminal.WriteAsync(Encoding.UTF8.GetBytes("sleep 987\n"), CancellationToken.None);
        Assert.True(await CountAsync("sleep 987") == 1 || await WaitCountAsync("sleep 987", 1), "the terminal's program did not start");

        await terminal.DisposeAsync();

        Assert.True(await WaitCountAsync("sleep 987", 0), "the terminal's program still runs after the terminal was closed");
    }

    private async Task<int> CountAsync(string args)
    {
        var result = await _shell.RunAsync(A, ["ps", "-eo", "args="], null, Timeout, CancellationToken.None);
        return result.Stdout.Split('\n').Count(l => l.Trim() == args);
    }

    private async Task<bool> WaitCountAsync(string args, int count)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await CountAsync(args) == count)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }

    [Fact]
    public async Task RunAsync_NodeOfAStoppedSession_ThrowsNodeNotRunning()
    {
        var stopped = SessionId.New();
        var shell = _fixture.Runtime.GetShell(stopped, [A]);

        var ex = await Assert.ThrowsAsync<NodeNotRunningException>(() => shell.RunAsync(A, ["true"], null, Timeout, CancellationToken.None));

        Assert.Equal("a", ex.Node);
    }

    [Fact]
    public async Task GetStatusAsync_NoEngineAtTheEndpoint_SaysSoWithoutThrowing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-engine-{Guid.NewGuid():n}.sock");
        using var engine = new DockerEngine(Options.Create(new DockerOptions { Endpoint = "unix://" + path }), NullLogger<DockerEngine>.Instance);

        var status = await engine.GetStatusAsync(CancellationToken.None);

        Assert.False(status.Available);
        Assert.Equal($"The container engine at unix://{path} cannot be reached (there is no socket {path}). Start the engine (deploy/ensure-docker.sh) or set Docker:Endpoint.", status.Problem);
        var ex = await Assert.ThrowsAsync<RuntimeUnavailableException>(() => new DockerLabRuntime(engine, Options.Create(new LabsOptions()), NullLogger<DockerLabRuntime>.Instance).ListAsync(CancellationToken.None));
        Assert.Equal(status.Problem, ex.Message);
    }

    [Fact]
    public async Task GetStatusAsync_RealEngine_NegotiatesTheNewestVersionBothSpeak()
    {
        var status = await _fixture.Engine.GetStatusAsync(CancellationToken.None);
        var (_, json) = await DockerCli.RunAsync("version", "--format", "{{.Server.APIVersion}} {{.Server.MinAPIVersion}} {{.Server.Version}}");
        var witness = json.Trim().Split(' ');

        Assert.True(status.Available, status.Problem);
        var expected = Version.Parse(witness[0]) < DockerApiVersions.Maximum ? witness[0] : DockerApiVersions.Format(DockerApiVersions.Maximum);
        Assert.Equal(expected, status.ApiVersion);
        Assert.Equal(witness[2], status.EngineVersion);
        Assert.Equal($"{witness[1]}-{witness[0]}", status.EngineApiRange);
    }

    private static async Task<bool> ReadUntilAsync(INodeProcess process, byte[] buffer, StringBuilder stdout, StringBuilder stderr, Func<bool> done, CancellationToken ct)
    {
        while (!done())
        {
            var chunk = await process.ReadAsync(buffer, ct);
            if (chunk.IsEnd)
            {
                return true;
            }
            (chunk.Stream == NodeOutputStream.Stderr ? stderr : stdout).Append(Encoding.UTF8.GetString(buffer, 0, chunk.Count));
        }
        return false;
    }
}
