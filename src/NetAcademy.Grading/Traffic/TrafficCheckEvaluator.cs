using System.Globalization;
using System.Security.Cryptography;
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
/// Everything goes through <see cref="INodeShell"/> as argv arrays; the scripts are constant text and the
/// interface, file name and limits travel as positional arguments. Steps: start a capture (a small Python
/// AF_PACKET program, see <see cref="CaptureProgram"/>) in the background under <c>timeout</c> and wait until it
/// says it is listening; run the trigger in its node; wait for
/// the capture to end; fetch the file with <c>base64</c>; remove it. The capture never outlives its time limit,
/// even if the grader goes away halfway.
/// </remarks>
public sealed class TrafficCheckEvaluator : ICheckEvaluator
{
    /// <summary>
    /// Captures with an AF_PACKET socket (CAP_NET_RAW only) and writes a classic pcap file; argv: interface (or
    /// <c>any</c>), file, seconds, packet count, snap length. tcpdump cannot be used: as root it always switches
    /// user through libcap-ng, which needs CAP_SETUID and CAP_SETGID that lab nodes do not have. Named Ethernet-like
    /// interfaces are written as Ethernet, others (tun, ipip, gre) as raw IP, <c>any</c> as Linux cooked capture,
    /// as tcpdump would. Like libpcap it puts back the 802.1Q tag that the kernel keeps outside the frame (a veth's,
    /// most NICs'): PACKET_AUXDATA (SOL_PACKET 263, option 8) hands it over beside each packet, and it goes after the
    /// MAC addresses (Ethernet) or the cooked header's first 14 bytes (<c>any</c>), so a trunk's frames carry their
    /// VLAN as tcpdump shows them. Prints "listening on" to stderr once the socket is bound.
    /// </summary>
    internal const string CaptureProgram = """
        import socket, struct, sys, time
        iface, path, secs, count, snap = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
        s.setsockopt(263, 8, 1)
        if iface == "any":
            link = 113
        else:
            s.bind((iface, 0))
            link = 1 if s.getsockname()[3] in (1, 772) else 101
        sys.stderr.write("listening on %s\n" % iface)
        sys.stderr.flush()
        end = time.monotonic() + secs
        with open(path, "wb", buffering=0) as f:
            f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snap, link))
            n = 0
            while n < count:
                left = end - time.monotonic()
                if left <= 0:
                    break
                s.settimeout(left)
                try:
                    data, anc, _, addr = s.recvmsg(65535, socket.CMSG_SPACE(20))
                except socket.timeout:
                    break
                tag = b""
                for level, kind, value in anc:
                    if level == 263 and kind == 8 and len(value) >= 20:
                        status, _, _, _, _, tci, tpid = struct.unpack_from("IIIHHHH", value)
                        if tci or status & 0x10:
                            tag = struct.pack(">HH", tpid if status & 0x40 else 0x8100, tci)
                if link == 113:
                    hatype, hwaddr = addr[3], addr[4][:8]
                    if hatype in (1, 772):
                        data = data[14:]
                    data = struct.pack(">HHH8sH", addr[2], hatype, len(hwaddr), hwaddr, addr[1]) + data
                    if tag:
                        data = data[:14] + tag + data[14:]
                elif link == 1 and tag and len(data) >= 12:
                    data = data[:12] + tag + data[12:]
                now = time.time()
                cut = data[:snap]
                f.write(struct.pack("<IIII", int(now), int((now % 1) * 1e6), len(cut), len(data)) + cut)
                n += 1
        """;

    /// <summary>
    /// $1 interface, $2 file, $3 seconds, $4 packet count, $5 snap length, $6 start polls (of 50 ms), $7 hard time
    /// limit in seconds, $8 the capture program. Starts the capture in the background and returns once it listens.
    /// </summary>
    internal const string StartScript = """
        f=$2
        ( timeout -s KILL "$7" python3 -c "$8" "$1" "$f" "$3" "$4" "$5" </dev/null >/dev/null 2>"$f.log"; echo $? >"$f.done" ) </dev/null >/dev/null 2>&1 &
        i=0
        while [ "$i" -lt "$6" ]; do
          if grep -q 'listening on' "$f.log" 2>/dev/null; then exit 0; fi
          if [ -e "$f.done" ]; then cat "$f.log" >&2; exit 3; fi
          sleep 0.05
          i=$((i+1))
        done
        echo "the capture did not start listening in time" >&2
        exit 4
        """;

    /// <summary>$1 file, $2 polls (of 100 ms) to wait for the capture to end. Prints the capture as base64.</summary>
    internal const string CollectScript = """
        f=$1
        i=0
        while [ ! -e "$f.done" ] && [ "$i" -lt "$2" ]; do sleep 0.1; i=$((i+1)); done
        if [ ! -e "$f.done" ]; then echo "the capture did not end in time" >&2; rm -f "$f" "$f.log" "$f.done"; exit 4; fi
        if [ -s "$f" ]; then base64 -w0 "$f"; fi
        cat "$f.log" >&2
        rm -f "$f" "$f.log" "$f.done"
        """;

    /// <summary>$1 file: removes the capture and its side files after a failure.</summary>
    internal const string CleanupScript = "rm -f \"$1\" \"$1.log\" \"$1.done\"";

    private static readonly TimeSpan StepSlack = TimeSpan.FromSeconds(10);
    private readonly GradingOptions _options;
    private readonly ProbeSignature _signature;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="options">Grading options.</param>
    /// <param name="signature">How a ping trigger is tagged as the grader's; the process's own (<see cref="ProbeSignature.ForThisProcess"/>) when null.</param>
    public TrafficCheckEvaluator(GradingOptions options, ProbeSignature? signature = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
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
        var file = "/tmp/.na-check-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".pcap";
        var where = $"{traffic.Interface} {Phrases.Where(traffic.Node, traffic.Netns)}";
        var shell = context.Shell;
        var collected = false;
        try
        {
            var startPolls = Math.Max(1, (int)(_options.CaptureStartTimeout.TotalMilliseconds / 50));
            var start = await shell.RunAsync(traffic.Node,
                ["sh", "-c", StartScript, "sh", traffic.Interface, file, Number(seconds), Number(_options.MaxCapturePackets),
                    Number(_options.CaptureSnapLength), Number(startPolls), Number(Math.Ceiling(seconds) + 2), CaptureProgram],
                traffic.Netns, _options.CaptureStartTimeout + StepSlack, cancellationToken);
            if (start.ExitCode != 0)
            {
                return StartFailed(traffic, where, start);
            }

            string? triggerDetail = null;
            if (traffic.Trigger is { } trigger)
            {
                var argv = ProbePing.Tag(trigger.Argv, _signature);
                var ran = ProbePing.Untag(await shell.RunAsync(trigger.Node, argv, trigger.Netns, TimeSpan.FromSeconds(seconds) + TimeSpan.FromSeconds(2), cancellationToken), argv, _signature);
                triggerDetail = $"trigger `{Phrases.Command(trigger.Argv)}` {Phrases.Where(trigger.Node, trigger.Netns)} exited with {(ran.TimedOut ? "a timeout" : ran.ExitCode.ToString(CultureInfo.InvariantCulture))}"
                    + (Phrases.Output(ran.Stdout, ran.Stderr) is { } output ? "\n" + output : "");
                if (ran.NetnsMissing && !traffic.ExpectSeen)
                {
                    // The trigger never ran, so seeing nothing proves nothing.
                    return CheckResult.Fail(Phrases.NoNamespace(trigger.Node, trigger.Netns!), triggerDetail);
                }
            }

            var waitPolls = (int)Math.Ceiling((seconds + 3) * 10);
            var collect = await shell.RunAsync(traffic.Node, ["sh", "-c", CollectScript, "sh", file, Number(waitPolls)], null,
                TimeSpan.FromSeconds(seconds) + StepSlack, cancellationToken);
            collected = !collect.TimedOut;
            if (collect.ExitCode != 0)
            {
                return CheckResult.Error($"The capture on {where} could not be read back; try again.", Phrases.Output(collect.Stdout, collect.Stderr));
            }

            return Judge(traffic, pattern!, where, seconds, collect.Stdout, triggerDetail);
        }
        finally
        {
            if (!collected)
            {
                await CleanupAsync(shell, traffic, file);
            }
        }
    }

    /// <summary>Turns the collected base64 capture into a result.</summary>
    private static CheckResult Judge(TrafficCheck traffic, LayerPattern pattern, string where, double seconds, string base64, string? triggerDetail)
    {
        CaptureMatch match;
        try
        {
            var bytes = Convert.FromBase64String(base64.Trim());
            match = pattern.MatchCapture(bytes);
        }
        catch (Exception e) when (e is FormatException or CaptureFormatException)
        {
            return CheckResult.Error($"The capture on {where} could not be decoded ({e.Message}); try again.", triggerDetail);
        }

        var samples = match.MatchingSamples.Concat(match.OtherSamples).Select(s => "  " + s);
        var detail = $"{match.Packets} packet(s) captured, {match.Matches} matching \"{pattern.Text}\"" + (match.Truncated ? " (capture cut short)" : "")
            + (samples.Any() ? "\n" + string.Join('\n', samples) : "") + (triggerDetail is null ? "" : "\n" + triggerDetail);
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

    private static CheckResult StartFailed(TrafficCheck traffic, string where, ExecResult start)
    {
        var detail = Phrases.Output(start.Stdout, start.Stderr);
        var log = start.Stderr ?? "";
        if (log.Contains("No such device", StringComparison.OrdinalIgnoreCase))
        {
            return CheckResult.Fail($"There is no interface {traffic.Interface} {Phrases.Where(traffic.Node, traffic.Netns)} to capture on.", detail);
        }

        // "ip netns exec" and nsenter (how the platform enters a namespace) say it differently.
        if (traffic.Netns is not null && (start.NetnsMissing || log.Contains("Cannot open network namespace", StringComparison.Ordinal)
            || log.Contains($"cannot open /run/netns/{traffic.Netns}", StringComparison.Ordinal)))
        {
            return CheckResult.Fail(Phrases.NoNamespace(traffic.Node, traffic.Netns), detail);
        }

        var reason = start.TimedOut ? "it did not start in time" : Phrases.LastLines(log, 1) ?? $"exit code {start.ExitCode}";
        return CheckResult.Error($"Could not capture on {where} ({reason}); try again.", detail);
    }

    private static async Task CleanupAsync(INodeShell shell, TrafficCheck traffic, string file)
    {
        // Best effort with a fresh token: the caller's may be what stopped us. The capture itself ends on its own timeout.
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await shell.RunAsync(traffic.Node, ["sh", "-c", CleanupScript, "sh", file], null, TimeSpan.FromSeconds(5), cts.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Leaving a small file in the node's /tmp is harmless; the original outcome matters more.
        }
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
