using System.Text;
using NetAcademy.Docker.Models;

namespace NetAcademy.Docker.Tests.Exec;

[Collection(DockerCollection.Name)]
public sealed class DockerExecStreamTests(DockerFixture fixture)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(15);
    private readonly DockerClient _client = fixture.Client;

    [Fact]
    public async Task WriteAsync_TtyShellCommand_OutputShowsComputedResult()
    {
        var (_, stream) = await StartTtyShellAsync();
        await using (stream)
        {
            await WriteAsync(stream, "echo hello-$((6*7))\n");

            var output = await ReadUntilAsync(stream, "hello-42");

            Assert.Contains("hello-42", output);
        }
    }

    [Fact]
    public async Task ResizeExecAsync_TtyShell_SttySeesNewSize()
    {
        var (execId, stream) = await StartTtyShellAsync();
        await using (stream)
        {
            await _client.Exec.ResizeExecAsync(execId, 37, 123);
            await WriteAsync(stream, "stty size\n");
            var first = await ReadUntilAsync(stream, "37 123");

            await _client.Exec.ResizeExecAsync(execId, 24, 80);
            await WriteAsync(stream, "stty size\n");
            var second = await ReadUntilAsync(stream, "24 80");

            Assert.Contains("37 123", first);
            Assert.Contains("24 80", second);
        }
    }

    [Fact]
    public async Task WriteAsync_CtrlC_InterruptsForegroundSleep()
    {
        var (_, stream) = await StartTtyShellAsync();
        await using (stream)
        {
            await WriteAsync(stream, "sleep 101; echo not-$((2+3))-interrupted\n");
            await WaitForProcessAsync("sleep 101", expectRunning: true);

            await stream.WriteAsync(new byte[] { 0x03 });
            await WriteAsync(stream, "echo after-$((1+1))\n");
            var output = await ReadUntilAsync(stream, "after-2");

            Assert.DoesNotContain("not-5-interrupted", output);
            await WaitForProcessAsync("sleep 101", expectRunning: false);
        }
    }

    [Fact]
    public async Task InspectExecAsync_ShellExited_ReportsExitCodeAndEof()
    {
        var (execId, stream) = await StartTtyShellAsync();
        await using (stream)
        {
            // The daemon answers the start before the process runs; the prompt proves it does.
            // The daemon records the exec's state and its PID separately, the PID only after containerd
            // returns, which can be a moment after the process has printed its prompt: poll for both.
            await ReadUntilAsync(stream, "$ ");
            var running = await WaitForRunningAsync(execId);
            Assert.True(running.Running);
            Assert.Null(running.ExitCode);
            Assert.True(running.Pid > 0);

            await WriteAsync(stream, "exit 5\n");
            await ReadUntilEofAsync(stream);
        }

        var exited = await WaitForExitAsync(execId);
        Assert.False(exited.Running);
        Assert.Equal(5, exited.ExitCode);
    }

    [Fact]
    public async Task ReadOutputAsync_NoTty_TagsEachChunkWithItsStream()
    {
        var execId = await _client.Exec.ExecCreateAsync(fixture.ContainerId, new ExecCreateParameters
        {
            Cmd = ["sh", "-c", "echo to-out; echo to-err >&2; cat"],
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        });
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        await using (var stream = await _client.Exec.StartAndAttachAsync(execId, tty: false))
        {
            Assert.False(stream.IsTty);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("echoed-by-cat\n"));
            await stream.CloseWriteAsync();

            using var timeout = new CancellationTokenSource(WaitTimeout);
            var buffer = new byte[3];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, timeout.Token);
                if (read.Eof)
                {
                    break;
                }

                (read.Target == ExecStreamTarget.Stderr ? stderr : stdout).Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
            }

            Assert.True((await stream.ReadOutputAsync(buffer)).Eof);
        }

        Assert.Equal("to-out\nechoed-by-cat\n", stdout.ToString());
        Assert.Equal("to-err\n", stderr.ToString());
        Assert.Equal(0, (await WaitForExitAsync(execId)).ExitCode);
    }

    [Fact]
    public async Task StartAndAttachAsync_AlreadyStartedExec_StreamCarriesDaemonErrorAndEnds()
    {
        var (execId, stream) = await StartTtyShellAsync();
        await using (stream)
        {
            await ReadUntilAsync(stream, "$ ");

            // The daemon hijacks the connection before it checks the exec's state, so the conflict
            // arrives as text in the stream, not as a 409.
            await using (var second = await _client.Exec.StartAndAttachAsync(execId, tty: true))
            {
                var text = await ReadUntilEofAsync(second);
                Assert.Contains("already running", text, StringComparison.Ordinal);
            }

            await WriteAsync(stream, "echo still-$((40+2))\n");
            Assert.Contains("still-42", await ReadUntilAsync(stream, "still-42"));
        }
    }

    [Fact]
    public async Task StartAndAttachAsync_UnknownExec_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<DockerNotFoundException>(() => _client.Exec.StartAndAttachAsync(new string('a', 64), tty: true));
    }

    private async Task<(string ExecId, DockerExecStream Stream)> StartTtyShellAsync()
    {
        var execId = await _client.Exec.ExecCreateAsync(fixture.ContainerId, new ExecCreateParameters
        {
            Cmd = ["/bin/sh"],
            Env = ["TERM=xterm", "PS1=$ "],
            Tty = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        });
        var stream = await _client.Exec.StartAndAttachAsync(execId, tty: true);
        Assert.True(stream.IsTty);
        return (execId, stream);
    }

    private static ValueTask WriteAsync(DockerExecStream stream, string text) => stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Reads TTY output until <paramref name="marker"/> shows up; fails after a timeout.</summary>
    private static async Task<string> ReadUntilAsync(DockerExecStream stream, string marker)
    {
        using var timeout = new CancellationTokenSource(WaitTimeout);
        var output = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (!output.ToString().Contains(marker, StringComparison.Ordinal))
            {
                var read = await stream.ReadOutputAsync(buffer, timeout.Token);
                Assert.False(read.Eof, $"Output ended before '{marker}' appeared: {output}");
                Assert.Equal(ExecStreamTarget.Stdout, read.Target);
                output.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"'{marker}' did not appear within {WaitTimeout}; output so far: {output}");
        }

        return output.ToString();
    }

    private static async Task<string> ReadUntilEofAsync(DockerExecStream stream)
    {
        using var timeout = new CancellationTokenSource(WaitTimeout);
        var output = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, timeout.Token);
            if (read.Eof)
            {
                return output.ToString();
            }

            output.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
        }
    }

    private async Task<ExecInspectResponse> WaitForRunningAsync(string execId)
    {
        var deadline = DateTime.UtcNow + WaitTimeout;
        while (true)
        {
            var inspect = await _client.Exec.InspectExecAsync(execId);
            if ((inspect.Running && inspect.Pid > 0) || inspect.ExitCode is not null || DateTime.UtcNow > deadline)
            {
                return inspect;
            }

            await Task.Delay(20);
        }
    }

    private async Task<ExecInspectResponse> WaitForExitAsync(string execId)
    {
        var deadline = DateTime.UtcNow + WaitTimeout;
        while (true)
        {
            var inspect = await _client.Exec.InspectExecAsync(execId);
            if (!inspect.Running || DateTime.UtcNow > deadline)
            {
                return inspect;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls <c>pgrep -f</c> until a process with exactly this command line is (or is no longer) running.</summary>
    private async Task WaitForProcessAsync(string commandLine, bool expectRunning)
    {
        var deadline = DateTime.UtcNow + WaitTimeout;
        while (true)
        {
            var pgrep = await _client.Exec.RunAsync(fixture.ContainerId, ["pgrep", "-f", $"^{commandLine}$"], WaitTimeout);
            if ((pgrep.ExitCode == 0) == expectRunning)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"'{commandLine}' {(expectRunning ? "never started" : "is still running")}.");
            await Task.Delay(100);
        }
    }
}
