using System.Diagnostics;
using System.Text.RegularExpressions;
using NetAcademy.Content.Labs;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;

namespace NetAcademy.Content.Tests.LabTools;

/// <summary>
/// The maglev lab's table tool (labs/maglev/files/maglev-table.py, run with the host's python3 as the node runs
/// it with its own): the fill must be the Maglev paper's (Eisenbud et al., NSDI 2016, section 3.4, Pseudocode 1),
/// since learners check their hand-built tables against it, and the lab's grader must expect what it prints.
/// </summary>
public sealed class MaglevTableToolTests
{
    private static readonly string Tool = Path.Combine(TestPaths.RepositoryRoot, "labs", "maglev", "files", "maglev-table.py");

    [Fact]
    public async Task Run_PaperTable1Example_FillsTheTableThePaperShows()
    {
        var output = await RunAsync("-m", "7", "B0:3:4", "B1:0:2", "B2:3:1");

        // The paper's Table 1: the three permutations, and the lookup table "Before".
        Assert.Contains("B0            3     4  3 0 4 1 5 2 6", output, StringComparison.Ordinal);
        Assert.Contains("B1            0     2  0 2 4 6 1 3 5", output, StringComparison.Ordinal);
        Assert.Contains("B2            3     1  3 4 5 6 0 1 2", output, StringComparison.Ordinal);
        Assert.Equal(["B1", "B0", "B1", "B0", "B2", "B2", "B0"], Table(output));
    }

    [Fact]
    public async Task Run_PaperTable1WithoutB1_FillsTheTableThePaperShowsAfterTheRemoval()
    {
        var output = await RunAsync("-m", "7", "B0:3:4", "B2:3:1");

        // Table 1 "After" B1 is removed: slot 6 moves from B0 to B2 although both stay.
        Assert.Equal(["B0", "B0", "B0", "B0", "B2", "B2", "B2"], Table(output));
    }

    [Fact]
    public async Task Run_Steps_ShowsEachTurnWithTheSlotsFoundTaken()
    {
        var output = await RunAsync("-m", "7", "--steps", "B0:3:4", "B1:0:2", "B2:3:1");

        Assert.Contains("   3. B2 -> slot 4 (taken: 3)", output, StringComparison.Ordinal);
        Assert.Contains("   7. B0 -> slot 6 (taken: 5 2)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HashedNames_EveryBackendGetsItsShareWhateverTheTableSize()
    {
        var output = await RunAsync("-m", "251", "web1", "web2", "web3", "web4");

        var counts = Table(output).CountBy(name => name).ToDictionary();
        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 62, 63));
    }

    [Theory]
    [InlineData("-m", "12", "web1")]
    [InlineData("-m", "13", "web1:13:1")]
    [InlineData("-m", "13", "web1:0:0")]
    [InlineData("-m", "13", "web1", "web1")]
    public async Task Run_InvalidArguments_FailsWithUsage(params string[] args)
    {
        var (exitCode, _, stderr) = await RunRawAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("error:", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/root/table.txt", "web1", "web2", "web3")]
    [InlineData("/root/table-without-web3.txt", "web1", "web2")]
    public async Task BuildTableTask_ExpectsTheTableTheToolPrints(string file, params string[] backends)
    {
        var output = await RunAsync(["-m", "13", .. backends]);
        var lab = LabLoader.Load(Path.Combine(TestPaths.RepositoryRoot, "labs", "maglev"),
            Path.Combine(TestPaths.RepositoryRoot, "deploy", "images"), CancellationToken.None);
        Assert.Empty(lab.Errors);

        // The check reads the learner's file as one line of names, each followed by a space.
        var check = lab.Lab!.FindTask(new TaskId("build-table"))!.Checks.OfType<CommandCheck>()
            .Single(c => c.Argv.Any(a => a.Contains(file, StringComparison.Ordinal)));
        Assert.Matches(new Regex(check.StdoutPattern!), string.Concat(Table(output).Select(n => n + " ")));
    }

    private static List<string> Table(string output) =>
        output.Split('\n').SkipWhile(l => l != "slot  backend").Skip(1).TakeWhile(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();

    private static async Task<string> RunAsync(params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunRawAsync(args);
        Assert.True(exitCode == 0, stderr);
        return stdout;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunRawAsync(string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
