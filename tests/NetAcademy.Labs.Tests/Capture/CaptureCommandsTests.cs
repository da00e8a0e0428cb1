using NetAcademy.Labs.Capture;

namespace NetAcademy.Labs.Tests.Capture;

public sealed class CaptureCommandsTests
{
    [Fact]
    public void Tcpdump_FilterWithMetacharacters_IsOneArgumentAfterDoubleDash()
    {
        var argv = CaptureCommands.Tcpdump(null, "eth0", "-w /tmp/x; rm -rf /", 262144, TimeSpan.FromMinutes(30));

        Assert.Equal("-w /tmp/x; rm -rf /", argv[^1]);
        Assert.Equal("--", argv[^2]);
        Assert.Equal(["timeout", "-s", "TERM", "1800", "/usr/bin/tcpdump", "-Z", "root", "-U", "-w", "-", "-i", "eth0", "-s", "262144"], argv.Skip(4).Take(14));
        // The shell only sees its fixed script; the command comes in as "$@".
        Assert.Equal("sh", argv[0]);
        Assert.DoesNotContain("eth0", argv[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Tcpdump_Netns_EntersItWithNsenter()
    {
        var argv = CaptureCommands.Tcpdump("red", "veth-red", null, 262144, TimeSpan.FromSeconds(90));

        Assert.Equal(["nsenter", "--net=/run/netns/red", "timeout"], argv.Skip(4).Take(3));
        Assert.DoesNotContain("--", argv);
    }

    [Fact]
    public void ParseBpf_TcpdumpOutput_JoinsInstructions()
    {
        const string output = "6\n40 0 0 12\n21 0 3 2048\n48 0 0 23\n21 0 1 1\n6 0 0 262144\n6 0 0 0\n";

        Assert.Equal("40 0 0 12,21 0 3 2048,48 0 0 23,21 0 1 1,6 0 0 262144,6 0 0 0", CaptureCommands.ParseBpf(output));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tcpdump: syntax error")]
    [InlineData("2\n40 0 0 12\n")]
    [InlineData("1\n40 0 0 x\n")]
    [InlineData("1\n40 0 0\n")]
    [InlineData("1\n40 0 0 -1\n")]
    public void ParseBpf_NotAProgram_Throws(string output) =>
        Assert.Throws<FormatException>(() => CaptureCommands.ParseBpf(output));

    [Fact]
    public void Kill_Pid_ChecksTheProcessNameFirst()
    {
        var argv = CaptureCommands.Kill(4242);

        Assert.Equal("4242", argv[^1]);
        Assert.Contains("/proc/$1/comm", argv[2], StringComparison.Ordinal);
        Assert.Contains("= timeout ]", argv[2], StringComparison.Ordinal);
    }
}
