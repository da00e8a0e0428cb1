using System.Text.RegularExpressions;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading.Checks;
using NetAcademy.Packets.Probes;

namespace NetAcademy.Grading.Command;

/// <summary>
/// Evaluates a <see cref="CommandCheck"/>: runs its argv in the node (in the namespace when set) with a timeout,
/// then compares the exit code and, when given, matches stdout against the check's regular expression (and against the
/// one it must not match).
/// The author's <see cref="CommandCheck.FailMessage"/> is the learner's message when set; otherwise the message
/// names the command, the exit code and the last lines of output. A command that prints more than
/// <see cref="ExecResult.MaxOutputBytes"/> fails with that reason (the author's message is not used: it would not say why).
/// </summary>
public sealed class CommandCheckEvaluator : ICheckEvaluator
{
    private const int OutputLines = 3;
    private readonly GradingOptions _options;
    private readonly ProbeSignature _signature;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="options">Grading options.</param>
    /// <param name="signature">How a check that is a plain ping is tagged as the grader's (<see cref="ProbePing"/>);
    /// the process's own (<see cref="ProbeSignature.ForThisProcess"/>) when null.</param>
    public CommandCheckEvaluator(GradingOptions options, ProbeSignature? signature = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _signature = signature ?? ProbeSignature.ForThisProcess;
    }

    /// <inheritdoc />
    public string Kind => "command";

    /// <summary>The last 4,096 characters of an output that passed the bound, for the result's detail.</summary>
    private static string Tail(string text) => text.Length <= 4096 ? text : "…" + text[^4096..];

    /// <inheritdoc />
    public async Task<CheckResult> EvaluateAsync(Check check, GradingContext context, CancellationToken cancellationToken)
    {
        if (check is not CommandCheck command)
        {
            throw new ArgumentException($"A {Kind} evaluator cannot evaluate a {check.Kind} check.", nameof(check));
        }

        ArgumentNullException.ThrowIfNull(context);
        var text = Phrases.Command(command.Argv);
        var where = Phrases.Where(command.Node, command.Netns);
        var argv = ProbePing.Tag(command.Argv, _signature);
        var result = ProbePing.Untag(await context.ReadAsync(command.Node, argv, command.Netns, _options.CommandTimeout, cancellationToken), argv, _signature);
        var detail = Phrases.Output(result.Stdout, result.Stderr);
        if (result.NetnsMissing)
        {
            return CheckResult.Fail(Phrases.NoNamespace(command.Node, command.Netns!), detail);
        }

        if (result.OutputExceeded)
        {
            // Checked before the timeout: endless output ends the run at the bound, and that is what the learner should read.
            return CheckResult.Fail(
                $"`{text}` {where} printed more than {ExecResult.MaxOutputText} (output exceeded {ExecResult.MaxOutputText}); the check stopped reading it and does not pass.",
                Phrases.Output(Tail(result.Stdout), Tail(result.Stderr)));
        }

        if (result.TimedOut)
        {
            return CheckResult.Fail(Authored(command, result) ?? $"`{text}` {where} did not finish within {Phrases.Seconds(_options.CommandTimeout)}.", detail);
        }

        if (result.ExitCode != command.ExitCode)
        {
            var last = Phrases.LastLines(result.Stderr, OutputLines) ?? Phrases.LastLines(result.Stdout, OutputLines);
            var generated = $"`{text}` {where} exited with code {result.ExitCode}, not {command.ExitCode}"
                + (last is null ? "." : $"; it printed: {last}");
            return CheckResult.Fail(Authored(command, result) ?? generated, detail);
        }

        if (command.StdoutPattern is { } pattern)
        {
            var (matched, error) = Match(pattern, result.Stdout, text, detail);
            if (error is not null)
            {
                return error;
            }

            if (!matched)
            {
                var last = Phrases.LastLines(result.Stdout, OutputLines);
                var generated = last is null
                    ? $"`{text}` {where} printed nothing, but its output should match {pattern}."
                    : $"The output of `{text}` {where} does not match {pattern}; it ends with: {last}";
                return CheckResult.Fail(Authored(command, result) ?? generated, detail);
            }
        }

        if (command.StdoutNotPattern is { } forbidden)
        {
            var (matched, error) = Match(forbidden, result.Stdout, text, detail);
            if (error is not null)
            {
                return error;
            }

            if (matched)
            {
                var line = FirstMatchingLine(result.Stdout, forbidden);
                var generated = $"The output of `{text}` {where} still matches {forbidden}, and it should not: {line}";
                return CheckResult.Fail(Authored(command, result) ?? generated, detail);
            }
        }

        return CheckResult.Pass(
            command.StdoutPattern is null
                ? $"`{text}` {where} exited with code {result.ExitCode}."
                : $"`{text}` {where} exited with code {result.ExitCode} and printed the expected output.",
            detail);
    }

    // The author's pattern runs on the node's output with a time bound: a bad pattern is the lab's fault, not the learner's.
    private (bool Matched, CheckResult? Error) Match(string pattern, string stdout, string text, string? detail)
    {
        try
        {
            return (Regex.IsMatch(stdout, pattern, RegexOptions.CultureInvariant, _options.PatternMatchTimeout), null);
        }
        catch (RegexMatchTimeoutException)
        {
            return (false, CheckResult.Error($"The lab's output pattern for `{text}` took too long to match; this is a problem with the lab, not your work.", detail));
        }
        catch (ArgumentException e)
        {
            return (false, CheckResult.Error($"The lab's output pattern for `{text}` is invalid ({e.Message}); this is a problem with the lab, not your work.", detail));
        }
    }

    private string FirstMatchingLine(string stdout, string pattern)
    {
        foreach (var line in stdout.Split('\n'))
        {
            if (Regex.IsMatch(line, pattern, RegexOptions.CultureInvariant, _options.PatternMatchTimeout))
            {
                return Phrases.Clip(line.TrimEnd('\r'), MaxQuotedLine);
            }
        }

        // The pattern spans lines: quote the end of the output instead.
        return Phrases.LastLines(stdout, OutputLines) ?? "";
    }

    private const int MaxQuotedLine = 200;

    /// <summary>The author's fail message with {output} and {exit_code} filled from the run, or null when there is none.</summary>
    private static string? Authored(CommandCheck command, ExecResult result)
    {
        if (command.FailMessage is not { } message)
        {
            return null;
        }

        var output = Phrases.LastLines(result.Stdout, OutputLines) ?? Phrases.LastLines(result.Stderr, OutputLines) ?? "(no output)";
        return message
            .Replace("{output}", Phrases.Clip(output, OutputLines * MaxQuotedLine), StringComparison.Ordinal)
            .Replace("{exit_code}", result.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
