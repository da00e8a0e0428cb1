using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// The host rules that keep lab bridges (<see cref="LabLabels.BridgePrefix"/>) away from the host and from each other,
/// the same ones deploy/ensure-docker.sh installs, checked before every lab start on a local engine: a missing rule
/// is put back (the server runs as root with a local engine), and a start is refused when that cannot be done, so
/// isolation fails closed instead of quietly. An engine on another machine (<c>tcp://</c>) has its own host, which
/// this server cannot see; its operator runs ensure-docker.sh there.
/// </summary>
public sealed partial class HostFirewall
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private static readonly string Bridges = LabLabels.BridgePrefix + "+";

    // What a lab bridge may not do: reach the host itself (IPv4 and IPv6), be routed anywhere (IPv6 FORWARD, and
    // DOCKER-USER for IPv4, where frames bridged between the ports of one lab bridge pass and nothing else does), or
    // fill the host's connection-tracking table: the engine loads br_netfilter, so every flow bridged between two
    // nodes took an entry in the host's one table (20,000 UDP flows from one node took 19,885 of its 262,144, and a
    // full table drops new connections host-wide, the web server's too). Nothing on the host needs their state.
    private static readonly (string Tool, string[] Rule)[] HostRules =
    [
        ("iptables", ["INPUT", "-i", Bridges, "-j", "DROP"]),
        ("ip6tables", ["INPUT", "-i", Bridges, "-j", "DROP"]),
        ("ip6tables", ["FORWARD", "-i", Bridges, "-m", "physdev", "!", "--physdev-is-bridged", "-j", "DROP"]),
        ("iptables", ["PREROUTING", "-t", "raw", "-i", Bridges, "-j", "NOTRACK"]),
        ("ip6tables", ["PREROUTING", "-t", "raw", "-i", Bridges, "-j", "NOTRACK"]),
    ];

    private static readonly string[] BridgedAccept = ["DOCKER-USER", "-i", Bridges, "-m", "physdev", "--physdev-is-bridged", "-j", "ACCEPT"];
    private static readonly string[] OthersDrop = ["DOCKER-USER", "-i", Bridges, "-j", "DROP"];

    private readonly DockerOptions _options;
    private readonly ILogger<HostFirewall> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the check.</summary>
    public HostFirewall(IOptions<DockerOptions> options, ILogger<HostFirewall> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The rules missing on this host now, as <c>tool chain rule...</c>; empty when all are in place. Changes nothing.</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<IReadOnlyList<string>> MissingAsync(CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var (tool, rule) in HostRules.Append(("iptables", BridgedAccept)).Append(("iptables", OthersDrop)))
        {
            if ((await RunAsync(tool, ["-C", .. rule], cancellationToken)).ExitCode != 0)
            {
                missing.Add($"{tool} {string.Join(' ', rule)}");
            }
        }
        return missing;
    }

    /// <summary>
    /// Null when every rule is in place (after putting back the missing ones) or the engine is not on this host;
    /// otherwise why labs must not start.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<string?> EnsureAsync(CancellationToken cancellationToken)
    {
        if (!_options.ResolveEndpoint().StartsWith("unix://", StringComparison.OrdinalIgnoreCase) || !_options.CheckHostFirewall)
        {
            return null;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var (tool, rule) in HostRules)
            {
                if (await EnsureRuleAsync(tool, rule, cancellationToken) is { } problem)
                {
                    return problem;
                }
            }
            var accept = await RunAsync("iptables", ["-C", .. BridgedAccept], cancellationToken);
            var drop = await RunAsync("iptables", ["-C", .. OthersDrop], cancellationToken);
            if (accept.ExitCode == 0 && drop.ExitCode == 0)
            {
                return null;
            }
            // Order matters in DOCKER-USER: the bridged ACCEPT first, then the DROP.
            await RunAsync("iptables", ["-N", "DOCKER-USER"], cancellationToken);
            await RunAsync("iptables", ["-D", .. BridgedAccept], cancellationToken);
            await RunAsync("iptables", ["-D", .. OthersDrop], cancellationToken);
            var first = await RunAsync("iptables", ["-I", BridgedAccept[0], "1", .. BridgedAccept[1..]], cancellationToken);
            var second = first.ExitCode == 0 ? await RunAsync("iptables", ["-I", OthersDrop[0], "2", .. OthersDrop[1..]], cancellationToken) : first;
            if (second.ExitCode != 0)
            {
                return Refusal($"iptables -I DOCKER-USER ... failed: {second.Output}");
            }
            LogRestored(_logger, "iptables", string.Join(' ', BridgedAccept) + "; " + string.Join(' ', OthersDrop));
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string?> EnsureRuleAsync(string tool, string[] rule, CancellationToken cancellationToken)
    {
        var check = await RunAsync(tool, ["-C", .. rule], cancellationToken);
        if (check.ExitCode == 0)
        {
            return null;
        }
        var insert = await RunAsync(tool, ["-I", .. rule], cancellationToken);
        if (insert.ExitCode != 0)
        {
            return Refusal($"{tool} -I {string.Join(' ', rule)} failed: {insert.Output}");
        }
        LogRestored(_logger, tool, string.Join(' ', rule));
        return null;
    }

    private static string Refusal(string why) =>
        $"The host firewall rules that keep lab bridges away from the host are missing and could not be put back ({why}). "
        + "Run deploy/ensure-docker.sh as root; labs stay unavailable until the rules are in place.";

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Wait for the xtables lock instead of failing at once while the engine changes its own rules: a check that
        // failed on the lock would read as a missing rule.
        info.ArgumentList.Add("-w");
        info.ArgumentList.Add("5");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(info)!;
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(CommandTimeout);
            var stdout = process.StandardOutput.ReadToEndAsync(bounded.Token);
            var stderr = process.StandardError.ReadToEndAsync(bounded.Token);
            await process.WaitForExitAsync(bounded.Token);
            var output = ((await stdout) + (await stderr)).Trim();
            return (process.ExitCode, output.Length <= 300 ? output : output[..300]);
        }
        catch (Win32Exception ex)
        {
            return (-1, $"{tool} is not available: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (-1, $"{tool} did not answer within {CommandTimeout.TotalSeconds:0} s");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A host firewall rule for lab bridges was missing and is back: {Tool} {Rule}")]
    private static partial void LogRestored(ILogger logger, string tool, string rule);
}
