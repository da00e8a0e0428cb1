using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Command;
using NetAcademy.Grading.Tests.Support;
using NetAcademy.Packets.Probes;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.Checks;

public sealed class ProbePingTests
{
    private static readonly ProbeSignature Signature = new("NA-probe"u8, 61440);

    [Theory]
    [InlineData("ping -c1 -W1 10.0.0.2", "ping -p 4e412d70726f6265 -c1 -W1 10.0.0.2")]
    [InlineData("/usr/bin/ping -6 -c1 fd00::2", "/usr/bin/ping -p 4e412d70726f6265 -6 -c1 fd00::2")]
    [InlineData("ping -p ff -c 2 10.0.0.2", "ping -p ff -c 2 10.0.0.2")]
    [InlineData("ping -pff -c 2 10.0.0.2", "ping -pff -c 2 10.0.0.2")]
    [InlineData("ping -- 10.0.0.2", "ping -- 10.0.0.2")]
    [InlineData("nc -z -w2 10.0.0.2 80", "nc -z -w2 10.0.0.2 80")]
    [InlineData("sh -c ping", "sh -c ping")]
    [InlineData("ping", "ping")]
    public void Tag_Argv_TagsOnlyAPlainPing(string command, string expected)
    {
        Assert.Equal(expected.Split(' '), ProbePing.Tag(command.Split(' '), Signature));
    }

    [Fact]
    public void Untag_TaggedPingsOutput_DropsThePatternLineOnly()
    {
        var ran = ProbePing.Tag(["ping", "-c1", "10.0.0.2"], Signature);
        var result = new Core.Runtime.ExecResult(0, "PATTERN: 0x4e412d70726f6265\nPING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n", "", false);

        Assert.Equal("PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n", ProbePing.Untag(result, ran, Signature).Stdout);
        // The learner's own -p run keeps its line: it is not the grader's.
        Assert.Equal(result, ProbePing.Untag(result, ["ping", "-p", "ff", "10.0.0.2"], Signature));
    }

    [Fact]
    public async Task CommandCheck_PlainPing_RunsTaggedAndMatchesTheOutputAsWritten()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.Exit(1,
            "PATTERN: 0x4e412d70726f6265\nPING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n"));
        var evaluator = new CommandCheckEvaluator(new GradingOptions(), Signature);
        CommandCheck check = MakeCommand(["ping", "-c1", "-W1", "10.0.0.2"], exitCode: 1, stdout: "\\A(?!PATTERN)[\\s\\S]*100% packet loss", netns: "red");

        var result = await evaluator.EvaluateAsync(check, Context(shell), default);

        Assert.True(result.Passed, result.Message);
        Assert.Equal(["ping", "-p", "4e412d70726f6265", "-c1", "-W1", "10.0.0.2"], shell.Calls.Single().Argv);
        Assert.DoesNotContain("PATTERN", result.Detail ?? "", StringComparison.Ordinal);
    }
}
