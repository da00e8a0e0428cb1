using System.Text.RegularExpressions;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading.Checks;
using NetAcademy.Packets.Probes;

namespace NetAcademy.Grading.Connectivity;

/// <summary>
/// Evaluates a <see cref="ConnectivityCheck"/> by probing from the node (or a namespace in it):
/// ping sends three echo requests (<c>ping -c 3 -i 0.3 -W 2</c>), TCP tries a connect (<c>nc -z -v -w 2</c>; -v makes nc say why a connect failed), UDP sends a
/// random token with <c>nc -u</c> and expects it echoed back. The probe must succeed, or (for firewall tasks) fail.
/// </summary>
/// <remarks>
/// Every probe carries the <see cref="ProbeSignature"/> so the learner's packet table can hide it: the echo
/// requests' payload pattern (<c>ping -p</c>), the UDP token, the TCP source port (<c>nc -p</c>). When that port is
/// still taken (a listener, or a recent probe's connection in TIME-WAIT), the probe tries another one and then
/// goes without: an untagged probe is only a visible row, a refused one would be a wrong grade.
/// </remarks>
public sealed partial class ConnectivityCheckEvaluator : ICheckEvaluator
{
    /// <summary>
    /// Sends a token ($3) to a UDP address ($1) and port ($2) and prints what comes back. Constant text: the
    /// target and token travel as positional arguments, never inside the script.
    /// </summary>
    internal const string UdpEchoScript = "printf '%s\\n' \"$3\" | nc -u -w 2 \"$1\" \"$2\"";

    private const int TaggedTcpAttempts = 2;
    private readonly GradingOptions _options;
    private readonly ProbeSignature _signature;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="options">Grading options.</param>
    /// <param name="signature">How probes are tagged; the process's own (<see cref="ProbeSignature.ForThisProcess"/>) when null.</param>
    public ConnectivityCheckEvaluator(GradingOptions options, ProbeSignature? signature = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _signature = signature ?? ProbeSignature.ForThisProcess;
    }

    /// <inheritdoc />
    public string Kind => "connectivity";

    /// <inheritdoc />
    public async Task<CheckResult> EvaluateAsync(Check check, GradingContext context, CancellationToken cancellationToken)
    {
        if (check is not ConnectivityCheck probe)
        {
            throw new ArgumentException($"A {Kind} evaluator cannot evaluate a {check.Kind} check.", nameof(check));
        }

        ArgumentNullException.ThrowIfNull(context);
        if (probe.Protocol != ConnectivityProtocol.Ping && probe.Port is not (>= 1 and <= 65535))
        {
            return CheckResult.Error($"The lab's {Name(probe.Protocol)} check to {probe.Target} has no valid port; this is a problem with the lab, not your work.");
        }

        var token = probe.Protocol == ConnectivityProtocol.Udp ? _signature.NewUdpToken() : null;
        IReadOnlyList<string> argv = probe.Protocol switch
        {
            // Three probes 0.3 s apart, 2 s each: one slow answer on a loaded host is not a lost packet.
            ConnectivityProtocol.Ping => ["ping", "-c", "3", "-i", "0.3", "-W", "2", "-p", _signature.MarkerHex, probe.Target],
            ConnectivityProtocol.Tcp => TcpArgv(probe, _signature.NewTcpPort()),
            _ => ["sh", "-c", UdpEchoScript, "sh", probe.Target, Port(probe), token!],
        };

        var result = await context.Shell.RunAsync(probe.Node, argv, probe.Netns, _options.ProbeTimeout, cancellationToken);
        // A taken source port: once more with another tagged port, then untagged.
        for (var retry = 0; probe.Protocol == ConnectivityProtocol.Tcp && retry < TaggedTcpAttempts && SourcePortTaken(result); retry++)
        {
            argv = TcpArgv(probe, retry + 1 < TaggedTcpAttempts ? _signature.NewTcpPort() : null);
            result = await context.Shell.RunAsync(probe.Node, argv, probe.Netns, _options.ProbeTimeout, cancellationToken);
        }

        result = ProbePing.Untag(result, argv, _signature);
        var detail = Phrases.Output(result.Stdout, result.Stderr);
        if (result.NetnsMissing)
        {
            // Even for "expect failure": a probe that never ran proves nothing about a firewall.
            return CheckResult.Fail(Phrases.NoNamespace(probe.Node, probe.Netns!), detail);
        }

        if (result.ExitCode == 127 && !result.TimedOut)
        {
            return CheckResult.Error($"The probe `{Phrases.Command(argv.Take(1).ToList())}` is not installed {Phrases.Where(probe.Node, null)}; this is a problem with the lab, not your work.", detail);
        }

        var succeeded = !result.TimedOut && (probe.Protocol == ConnectivityProtocol.Udp
            ? result.Stdout.Contains(token!, StringComparison.Ordinal)
            : result.ExitCode == 0);
        var who = Phrases.Who(probe.Node, probe.Netns);
        var what = Target(probe);
        if (succeeded == probe.ExpectSuccess)
        {
            return CheckResult.Pass(succeeded ? $"{who} can {what}." : $"{who} cannot {what}, as required.", detail);
        }

        return succeeded
            ? CheckResult.Fail($"{who} can still {what}, but that should be blocked.", detail)
            : CheckResult.Fail($"{who} cannot {what} ({Reason(probe, result)}).", detail);
    }

    private static IReadOnlyList<string> TcpArgv(ConnectivityCheck probe, int? sourcePort) => sourcePort is { } port
        ? ["nc", "-z", "-v", "-w", "2", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), probe.Target, Port(probe)]
        : ["nc", "-z", "-v", "-w", "2", probe.Target, Port(probe)];

    /// <summary>nc could not bind the tagged source port (OpenBSD nc says "bind failed: Address already in use").</summary>
    private static bool SourcePortTaken(ExecResult result) =>
        result.ExitCode != 0 && !result.TimedOut && (result.Stderr ?? "").Contains("bind failed", StringComparison.Ordinal);

    private static string Port(ConnectivityCheck probe) => probe.Port!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Name(ConnectivityProtocol protocol) => protocol switch
    {
        ConnectivityProtocol.Tcp => "TCP",
        ConnectivityProtocol.Udp => "UDP",
        _ => "ping",
    };

    private static string Target(ConnectivityCheck probe) => probe.Protocol switch
    {
        ConnectivityProtocol.Ping => $"ping {probe.Target}",
        ConnectivityProtocol.Tcp => $"open a TCP connection to {probe.Target} port {probe.Port}",
        _ => $"get a UDP echo back from {probe.Target} port {probe.Port}",
    };

    /// <summary>Why a probe failed, in the tool's own words where it gave any.</summary>
    private string Reason(ConnectivityCheck probe, ExecResult result)
    {
        if (result.TimedOut)
        {
            return $"no answer within {Phrases.Seconds(_options.ProbeTimeout)}";
        }

        var error = Phrases.LastLines(result.Stderr, 1);
        switch (probe.Protocol)
        {
            case ConnectivityProtocol.Ping:
                var unreachable = UnreachablePattern().Match(result.Stdout);
                var loss = LossPattern().Match(result.Stdout);
                if (error is not null)
                {
                    return StripPrefix(error);
                }

                var because = unreachable.Success ? unreachable.Groups[1].Value : null;
                return (loss.Success, because) switch
                {
                    (true, null) => $"{loss.Groups[1].Value}% packet loss",
                    (true, _) => $"{loss.Groups[1].Value}% packet loss: {because}",
                    (false, null) => $"ping exited with code {result.ExitCode}",
                    _ => because,
                };
            case ConnectivityProtocol.Tcp:
                if (error is not null && error.LastIndexOf("failed: ", StringComparison.Ordinal) is >= 0 and var at)
                {
                    return error[(at + "failed: ".Length)..].Trim();
                }

                return error is null ? "no answer within 2 s" : StripPrefix(error);
            default:
                return error is not null ? StripPrefix(error)
                    : string.IsNullOrWhiteSpace(result.Stdout) ? "nothing came back within 2 s" : "something else came back";
        }
    }

    private static string StripPrefix(string line)
    {
        foreach (var prefix in new[] { "ping: ", "nc: " })
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..].Trim();
            }
        }

        return line.Trim();
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)% packet loss")]
    private static partial Regex LossPattern();

    [GeneratedRegex(@"(Destination (?:Host|Net|Port|Protocol) Unreachable|Packet filtered|Time to live exceeded)", RegexOptions.IgnoreCase)]
    private static partial Regex UnreachablePattern();
}
