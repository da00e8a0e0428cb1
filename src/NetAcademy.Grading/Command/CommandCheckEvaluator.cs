using System.Text.RegularExpressions;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading.Checks;
using NetAcademy.Packets.Probes;

namespace NetAcademy.Grading.Command;

/// <summary>
/// Evaluates a <see cref="CommandCheck"/>: runs its argv in the node (in the namespace when set) with a timeout,
/// then compares the exit code and, when given, matches stdout against the check's regular expression.
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
            return CheckResult.Fail(command.FailMessage ?? $"`{text}` {where} did not finish within {Phrases.Seconds(_options.CommandTimeout)}.", detail);
        }

        if (result.ExitCode != command.ExitCode)
        {
            var last = Phrases.LastLines(result.Stderr, OutputLines) ?? Phrases.LastLines(result.Stdout, OutputLines);
            var generated = $"`{text}` {where} exited with code {result.ExitCode}, not {command.ExitCode}"
                + (last is null ? "." : $"; it printed: {last}");
            return CheckResult.Fail(command.FailMessage ?? generated, detail);
        }

        if (command.StdoutPattern is { } pattern)
        {
            bool matched;
            try
            {
                matched = Regex.IsMatch(result.Stdout, pattern, RegexOptions.CultureInvariant, _options.PatternMatchTimeout);
            }
            catch (RegexMatchTimeoutException)
            {
                return CheckResult.Error($"The lab's output pattern for `{text}` took too long to match; this is a problem with the lab, not your work.", detail);
            }
            catch (ArgumentException e)
            {
                return CheckResult.Error($"The lab's output pattern for `{text}` is invalid ({e.Message}); this is a problem with the lab, not your work.", detail);
            }

            if (!matched)
            {
                var last = Phrases.LastLines(result.Stdout, OutputLines);
                var generated = last is null
                    ? $"`{text}` {where} printed nothing, but its output should match {pattern}."
                    : $"The output of `{text}` {where} does not match {pattern}; it ends with: {last}";
                return CheckResult.Fail(command.FailMessage ?? generated, detail);
            }
        }

        return CheckResult.Pass(
            command.StdoutPattern is null
                ? $"`{text}` {where} exited with code {result.ExitCode}."
                : $"`{text}` {where} exited with code {result.ExitCode} and printed the expected output.",
            detail);
    }
}
