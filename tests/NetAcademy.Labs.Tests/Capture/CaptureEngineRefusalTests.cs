using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Capture;
using NetAcademy.Testing.Runtime;

namespace NetAcademy.Labs.Tests.Capture;

/// <summary>
/// An exec the engine could not start: Docker writes its error as text on the exec's stdout and ends the stream
/// (dockerd's exec router: <c>stdout.Write(err.Error() + "\r\n")</c>). The capture must say the engine refused, with
/// the engine's first line, and never read those bytes as a capture ("unknown magic 0x2049434f", the "OCI " of
/// "OCI runtime"). The refusal below is the one dockerd 20.10 logged 39 times when a class of 100 started its
/// captures (the remapped root's kernel key quota was full).
/// </summary>
public sealed class CaptureEngineRefusalTests
{
    private const string KeyringRefusal =
        "OCI runtime exec failed: exec failed: unable to start container process: unable to join session keyring: unable to create session key: disk quota exceeded: unknown";

    private static readonly NodeName Host1 = new("host1");

    [Theory]
    [InlineData(KeyringRefusal)]
    [InlineData("OCI runtime exec failed: exec failed: cannot exec in a stopped container: unknown")]
    [InlineData("cannot exec in a stopped state: unknown")]
    public async Task StartAsync_EngineRefusesTheExec_SaysTheEngineRefusedWithItsMessage(string refusal)
    {
        var capture = NewCapture(new ScriptedShell([(NodeOutputStream.Stdout, Encoding.UTF8.GetBytes(refusal + "\r\n"))]));

        var ex = await Assert.ThrowsAsync<CaptureException>(() => capture.StartAsync(CancellationToken.None));

        Assert.Equal($"The engine refused to start the capture on host1: {refusal}", ex.Message);
        Assert.Equal(NodeCaptureFailure.Other, ex.Failure);
        Assert.Equal(CaptureState.Failed, capture.State);
        Assert.Equal(ex.Message, capture.Info().Error);
    }

    [Fact]
    public async Task StartAsync_RefusalInSeveralFrames_TakesTheFirstLineOnly()
    {
        var capture = NewCapture(new ScriptedShell(
        [
            (NodeOutputStream.Stdout, Encoding.UTF8.GetBytes("OCI runtime exec failed: exec failed: unable to start ")),
            (NodeOutputStream.Stdout, Encoding.UTF8.GetBytes("container process: read init-p: connection reset by peer: unknown\r\nsecond line\r\n")),
        ]));

        var ex = await Assert.ThrowsAsync<CaptureException>(() => capture.StartAsync(CancellationToken.None));

        Assert.Equal("The engine refused to start the capture on host1: OCI runtime exec failed: exec failed: unable to start container process: read init-p: connection reset by peer: unknown", ex.Message);
    }

    [Fact]
    public async Task StartAsync_ProgramThatRanWritesTextInsteadOfACapture_IsNotAnEngineRefusal()
    {
        // The wrapper reported its PID, so the program ran: text on its stdout is its own (a learner's replaced
        // tcpdump), even when it reads like the engine's.
        var shell = new ScriptedShell(
        [
            (NodeOutputStream.Stderr, Encoding.UTF8.GetBytes(CaptureCommands.PidPrefix + "42\n")),
            (NodeOutputStream.Stdout, Encoding.UTF8.GetBytes(KeyringRefusal + "\r\n")),
        ]);
        var capture = NewCapture(shell);

        var ex = await Assert.ThrowsAsync<CaptureException>(() => capture.StartAsync(CancellationToken.None));

        Assert.StartsWith("The capture on host1 eth0 stopped: the capture program's output is not a capture the platform reads (not a pcap or pcapng capture: unknown magic 0x2049434f (at byte 0))", ex.Message);
        // Killed by that PID, as any program whose output the reader refused.
        Assert.Contains(shell.Ran, argv => argv[0] == "sh" && argv[^1] == "42");
    }

    [Fact]
    public async Task StartAsync_BinaryThatIsNoCaptureBeforeThePid_IsNotAnEngineRefusal()
    {
        var capture = NewCapture(new ScriptedShell([(NodeOutputStream.Stdout, [0x00, 0x01, 0x02, 0x03, 0xff, 0xfe, 0x0a])]));

        var ex = await Assert.ThrowsAsync<CaptureException>(() => capture.StartAsync(CancellationToken.None));

        Assert.StartsWith("The capture on host1 eth0 stopped: the capture program's output is not a capture the platform reads (not a pcap or pcapng capture: unknown magic", ex.Message);
    }

    private static CaptureSession NewCapture(INodeShell shell) =>
        new("refused", new CaptureRequest(SessionId.New(), [Host1], Host1, null, "eth0", null), null,
            new CaptureOptions(), shell, TimeProvider.System, NullLogger.Instance);

    /// <summary>A node whose capture exec writes the given chunks and ends; records what else runs there (the kill).</summary>
    private sealed class ScriptedShell(IReadOnlyList<(NodeOutputStream Stream, byte[] Bytes)> output) : INodeShell
    {
        public List<IReadOnlyList<string>> Ran { get; } = [];

        public Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
        {
            lock (Ran)
            {
                Ran.Add(argv);
            }
            return Task.FromResult(new ExecResult(0, "", "", false));
        }

        public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken) =>
            Task.FromResult<INodeProcess>(new FakeNodeProcess(output, keepsRunning: false));
    }
}
