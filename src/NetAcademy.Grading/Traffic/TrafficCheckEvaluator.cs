using System.Globalization;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading.Checks;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Probes;

namespace NetAcademy.Grading.Traffic;

/// <summary>
/// Evaluates a <see cref="TrafficCheck"/>: captures on an interface of the node (in a namespace when set) while the
/// trigger runs, then matches the check's <see cref="LayerPattern"/> against the decoded packets.
/// </summary>
/// <remarks>
/// The capture is the live packet table's (<see cref="INodeCapture"/>): the same program in the node, started with an
/// argv array, its output read under the same bounds, so a check judges the frames the learner sees in the table,
/// 802.1Q tags the kernel keeps outside the frame included. It is bounded here in time and packet count
/// (<see cref="GradingOptions.MaxCapturePackets"/>) and ends when the check ends, whatever happens to the trigger.
/// </remarks>
public sealed class TrafficCheckEvaluator : ICheckEvaluator
{
    private readonly GradingOptions _options;
    private readonly INodeCapture _capture;
    private readonly ProbeSignature _signature;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="options">Grading options.</param>
    /// <param name="capture">Captures in the nodes: the packet table's capture.</param>
    /// <param name="signature">How a ping trigger is tagged as the grader's; the process's own (<see cref="ProbeSignature.ForThisProcess"/>) when null.</param>
    public TrafficCheckEvaluator(GradingOptions options, INodeCapture capture, ProbeSignature? signature = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(capture);
        _options = options;
        _capture = capture;
        _signature = signature ?? ProbeSignature.ForThisProcess;
    }

    /// <inheritdoc />
    public string Kind => "traffic";

    /// <inheritdoc />
    public async Task<CheckResult> EvaluateAsync(Check check, GradingContext context, CancellationToken cancellationToken)
    {
        if (check is not TrafficCheck traffic)
        {
            throw new ArgumentException($"A {Kind} evaluator cannot evaluate a {check.Kind} check.", nameof(check));
        }

        ArgumentNullException.ThrowIfNull(context);
        if (!LayerPattern.TryParse(traffic.Pattern, out var pattern, out var patternError))
        {
            return CheckResult.Error($"The lab's traffic pattern is invalid ({patternError}); this is a problem with the lab, not your work.");
        }

        var seconds = Math.Clamp(traffic.CaptureSeconds, 0.5, 60) * Math.Clamp(_options.CaptureTimeFactor, 1, 10);
        var where = $"{traffic.Interface} {Phrases.Where(traffic.Node, traffic.Netns)}";
        var shell = context.Shell;
        IBoundedCapture capture;
        try
        {
            capture = await _capture.StartAsync(shell,
                new NodeCaptureSpec(traffic.Node, traffic.Netns, traffic.Interface, TimeSpan.FromSeconds(seconds), _options.MaxCapturePackets,
                    _options.CaptureSnapLength, _options.CaptureStartTimeout),
                cancellationToken);
        }
        catch (NodeCaptureException e)
        {
            return StartFailed(traffic, where, e);
        }

        await using (capture)
        {
            string? triggerDetail = null;
            if (traffic.Trigger is { } trigger)
            {
                (var ran, triggerDetail) = await ProbePing.RunTriggerAsync(shell, trigger, _signature, TimeSpan.FromSeconds(seconds) + TimeSpan.FromSeconds(2), cancellationToken);
                if (ran.NetnsMissing && !traffic.ExpectSeen)
                {
                    // The trigger never ran, so seeing nothing proves nothing.
                    return CheckResult.Fail(Phrases.NoNamespace(trigger.Node, trigger.Netns!), triggerDetail);
                }
            }

            var caught = await capture.FinishAsync(cancellationToken);
            return Judge(traffic, pattern!, where, seconds, caught, triggerDetail);
        }
    }

    /// <summary>Turns what the capture caught into a result.</summary>
    private static CheckResult Judge(TrafficCheck traffic, LayerPattern pattern, string where, double seconds, NodeCaptureResult caught, string? triggerDetail)
    {
        CaptureMatch match;
        try
        {
            match = pattern.MatchCapture(caught.Pcap);
        }
        catch (CaptureFormatException e)
        {
            return CheckResult.Error($"The capture on {where} could not be decoded ({e.Message}); try again.", triggerDetail);
        }

        var samples = match.MatchingSamples.Concat(match.OtherSamples).Select(s => "  " + s);
        var detail = $"{match.Packets} packet(s) captured, {match.Matches} matching \"{pattern.Text}\"" + (match.Truncated || caught.Truncated ? " (capture cut short)" : "")
            + (samples.Any() ? "\n" + string.Join('\n', samples) : "") + (triggerDetail is null ? "" : "\n" + triggerDetail);
        if (caught.Error is { } error && !(traffic.ExpectSeen && match.Matches > 0))
        {
            // What was missed cannot be judged; a packet that was seen still counts.
            return CheckResult.Error($"The capture on {where} failed before its end ({error.TrimEnd('.')}); try again.", detail);
        }

        var time = Phrases.Seconds(TimeSpan.FromSeconds(seconds));
        if (traffic.ExpectSeen)
        {
            if (match.Matches > 0)
            {
                return CheckResult.Pass($"Seen on {where}: {match.MatchingSamples[0]}", detail);
            }

            var seen = match.Packets == 0
                ? "no packets at all went by"
                : $"{match.Packets} other packet(s) went by, e.g. {match.OtherSamples[0]}";
            return CheckResult.Fail($"No packet matching \"{pattern.Text}\" was seen on {where} within {time}; {seen}.", detail);
        }

        return match.Matches == 0
            ? CheckResult.Pass($"No packet matching \"{pattern.Text}\" was seen on {where} ({match.Packets} packet(s) captured), as required.", detail)
            : CheckResult.Fail($"A packet matching \"{pattern.Text}\" was seen on {where}, but none should get there: {match.MatchingSamples[0]}", detail);
    }

    private static CheckResult StartFailed(TrafficCheck traffic, string where, NodeCaptureException e) => e.Failure switch
    {
        NodeCaptureFailure.NoInterface => CheckResult.Fail($"There is no interface {traffic.Interface} {Phrases.Where(traffic.Node, traffic.Netns)} to capture on.", e.Message),
        NodeCaptureFailure.NoNamespace when traffic.Netns is not null => CheckResult.Fail(Phrases.NoNamespace(traffic.Node, traffic.Netns), e.Message),
        NodeCaptureFailure.InterfaceDown => CheckResult.Fail(e.Message),
        _ => CheckResult.Error($"Could not capture on {where} ({e.Message.TrimEnd('.')}); try again."),
    };
}
