using NetAcademy.Core.Runtime;
using NetAcademy.Packets.Probes;

namespace NetAcademy.Grading.Checks;

/// <summary>
/// Tags a lab's own <c>ping</c> (a command check's or a traffic trigger's argv) with the probe marker as its payload
/// pattern, so the learner's packet table can hide it like the connectivity probes, and removes the
/// <c>PATTERN: 0x...</c> line that <c>ping -p</c> adds to its output, so the check sees what the lab's author wrote it for.
/// </summary>
/// <remarks>Only a plain <c>ping</c> is tagged: one that sets its own pattern, and every other program, run as written.</remarks>
internal static class ProbePing
{
    /// <summary>The argv to run: <paramref name="argv"/> with <c>-p MARKER</c> after the program when it is a plain ping.</summary>
    public static IReadOnlyList<string> Tag(IReadOnlyList<string> argv, ProbeSignature signature)
    {
        if (!IsTaggable(argv))
        {
            return argv;
        }

        return [argv[0], "-p", signature.MarkerHex, .. argv.Skip(1)];
    }

    /// <summary>
    /// Runs a check's trigger tagged as the grader's, and says how it ended (the detail line of a traffic or trace
    /// check's result, with its output).
    /// </summary>
    public static async Task<(ExecResult Ran, string Detail)> RunTriggerAsync(
        INodeShell shell, Core.Labs.TrafficTrigger trigger, ProbeSignature signature, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var argv = Tag(trigger.Argv, signature);
        var ran = Untag(await shell.RunAsync(trigger.Node, argv, trigger.Netns, timeout, cancellationToken), argv, signature);
        var detail = $"trigger `{Phrases.Command(trigger.Argv)}` {Phrases.Where(trigger.Node, trigger.Netns)} exited with "
            + (ran.TimedOut ? "a timeout" : ran.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))
            + (Phrases.Output(ran.Stdout, ran.Stderr) is { } output ? "\n" + output : "");
        return (ran, detail);
    }

    /// <summary><paramref name="result"/> without the pattern line a tagged ping printed first.</summary>
    public static ExecResult Untag(ExecResult result, IReadOnlyList<string> ran, ProbeSignature signature)
    {
        var line = "PATTERN: 0x" + signature.MarkerHex;
        if (ran.Count < 3 || ran[1] != "-p" || ran[2] != signature.MarkerHex || !result.Stdout.StartsWith(line, StringComparison.Ordinal))
        {
            return result;
        }

        var end = result.Stdout.IndexOf('\n', StringComparison.Ordinal);
        return result with { Stdout = end < 0 ? "" : result.Stdout[(end + 1)..] };
    }

    private static bool IsTaggable(IReadOnlyList<string> argv) =>
        argv.Count >= 2 && argv[0] is "ping" or "/bin/ping" or "/usr/bin/ping"
        && !argv.Any(a => a.StartsWith("-p", StringComparison.Ordinal) || a == "--");
}
