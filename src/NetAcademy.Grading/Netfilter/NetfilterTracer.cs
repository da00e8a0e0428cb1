using System.Globalization;
using System.Security.Cryptography;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs.Netfilter;
using NetAcademy.Core.Runtime;
using NetAcademy.Packets.Netfilter;

namespace NetAcademy.Grading.Netfilter;

/// <summary>
/// Follows packets through the netfilter hooks of a node (or a namespace in it): adds a table of the platform's own
/// (<c>inet netacademy_trace_&lt;id&gt;</c>, one per trace) with a chain at the prerouting and at the output hook
/// (priority -350, before raw and conntrack) whose one rule sets <c>meta nftrace</c> on packets of a
/// <see cref="TraceMatch"/>, reads <c>nft -a monitor</c> while the caller's action runs, and removes that table again,
/// also on failure or cancellation. The learner's tables are never touched: the trace only reads them, and every
/// packet they see is traced through them as it is.
/// </summary>
/// <remarks>
/// Everything is argv: the scripts are constant text, the table name is made here, and the match travels as separate
/// nft words after <c>"$@"</c>, each validated by <see cref="TraceMatch.Validate"/>. <c>nft monitor</c> prints nothing
/// when it starts, so the start script adds and deletes a chain named <c>sync</c> in the trace's table until the
/// monitor reports it: from then on every trace event is caught. Output is bounded twice: <c>head -c</c> in the node
/// and <see cref="NftTraceLimits"/> in the parser.
/// Two traces may run in one namespace at once (the workspace's Trace panel and a <c>trace</c> check, say): each has
/// its own table, and since a monitor sees every traced packet of the namespace, a trace keeps only the packets its
/// own rule marked. Tables whose names start with <c>netacademy_trace</c> are the platform's: a start removes those
/// left by a trace that no longer runs (a server that was killed).
/// </remarks>
public sealed class NetfilterTracer
{
    /// <summary>The start of every platform table's name (family inet); the table of one trace adds <c>_&lt;id&gt;</c>.</summary>
    public const string TablePrefix = "netacademy_trace";

    /// <summary>Bytes of monitor output kept in the node.</summary>
    public const int MaxOutputBytes = 512 * 1024;

    /// <summary>Bytes of <c>nft -j list chains</c> kept.</summary>
    public const int MaxChainsBytes = 256 * 1024;

    /// <summary>Where a trace keeps its files in the node: this, then the trace's id (the same id as its table's).</summary>
    private const string FilePrefix = "/tmp/.na-trace-";

    /// <summary>Whether <paramref name="table"/> is one of the platform's trace tables (whose chains only mark packets).</summary>
    public static bool IsPlatformTable(string table) =>
        table is not null && (table == TablePrefix || table.StartsWith(TablePrefix + "_", StringComparison.Ordinal));

    /// <summary>
    /// $1 file, $2 table, $3 hard time limit in seconds, $4 start polls (of 50 ms), $5 output bound, $6 chains bound,
    /// then the match's nft words. Removes platform tables of traces that no longer run (their file is gone, or their
    /// monitor has ended), adds the trace's table, starts the monitor in the background, waits until it reports the
    /// sync chain, prints the node's chains as JSON. The file exists before the table, so a trace starting at the same
    /// moment never takes this one's table for a leftover.
    /// </summary>
    internal const string StartScript = """
        f=$1 t=$2 limit=$3 polls=$4 bytes=$5 cbytes=$6
        shift 6
        for old in $(nft list tables 2>/dev/null | sed -n 's/^table inet \(netacademy_trace[a-z0-9_]*\)$/\1/p'); do
          id=${old#netacademy_trace_}
          if [ "$old" = netacademy_trace ] || [ ! -e "/tmp/.na-trace-$id" ] || [ -e "/tmp/.na-trace-$id.done" ]; then nft delete table inet "$old" 2>/dev/null; fi
        done
        : >"$f" || exit 3
        nft add table inet "$t" || exit 3
        nft add chain inet "$t" prerouting '{ type filter hook prerouting priority -350; policy accept; }' || exit 3
        nft add chain inet "$t" output '{ type filter hook output priority -350; policy accept; }' || exit 3
        nft add rule inet "$t" prerouting "$@" meta nftrace set 1 || exit 3
        nft add rule inet "$t" output "$@" meta nftrace set 1 || exit 3
        ( sh -c 'echo $$ >"$1.pid"; exec timeout -s KILL "$2" nft -a monitor' sh "$f" "$limit" </dev/null 2>"$f.err" | head -c "$bytes" >"$f"; echo done >"$f.done" ) </dev/null >/dev/null 2>&1 &
        i=0
        while [ "$i" -lt "$polls" ]; do
          nft add chain inet "$t" sync 2>/dev/null && nft delete chain inet "$t" sync 2>/dev/null
          if grep -q "$t sync" "$f" 2>/dev/null; then nft -j list chains 2>/dev/null | head -c "$cbytes"; exit 0; fi
          if [ -e "$f.done" ]; then cat "$f.err" >&2; exit 4; fi
          sleep 0.05
          i=$((i+1))
        done
        echo "nft monitor did not start in time" >&2
        exit 4
        """;

    /// <summary>
    /// $1 file, $2 table, $3 polls (of 100 ms), $4 sync polls (of 50 ms): makes sure the monitor has printed every
    /// event so far (a chain named <c>done</c> comes and goes until the monitor reports it: the kernel queues events to
    /// the monitor in order, so the trace events of the action are printed before it), ends the monitor, prints its
    /// output, removes the table and the files.
    /// </summary>
    internal const string CollectScript = """
        f=$1 t=$2
        i=0
        while [ "$i" -lt "$4" ] && [ ! -e "$f.done" ]; do
          nft add chain inet "$t" done 2>/dev/null && nft delete chain inet "$t" done 2>/dev/null
          if grep -q "$t done" "$f" 2>/dev/null; then break; fi
          sleep 0.05
          i=$((i+1))
        done
        [ -s "$f.pid" ] && kill "$(cat "$f.pid")" 2>/dev/null
        i=0
        while [ ! -e "$f.done" ] && [ "$i" -lt "$3" ]; do sleep 0.1; i=$((i+1)); done
        cat "$f" 2>/dev/null
        nft delete table inet "$t"
        r=$?
        rm -f "$f" "$f.pid" "$f.err" "$f.done"
        exit $r
        """;

    /// <summary>$1 file, $2 table: after a failure, ends the monitor and removes the table and the files.</summary>
    internal const string CleanupScript = """
        [ -s "$1.pid" ] && kill "$(cat "$1.pid")" 2>/dev/null
        nft delete table inet "$2" 2>/dev/null
        rm -f "$1" "$1.pid" "$1.err" "$1.done"
        true
        """;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StepSlack = TimeSpan.FromSeconds(10);

    /// <summary>Time given after the action for packets still on their way (a reply, a retransmission) to be traced.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly INodeShell _shell;

    /// <summary>Creates a tracer over the session's nodes.</summary>
    /// <param name="shell">Runs programs in the session's nodes.</param>
    public NetfilterTracer(INodeShell shell)
    {
        ArgumentNullException.ThrowIfNull(shell);
        _shell = shell;
    }

    /// <summary>
    /// Traces packets of <paramref name="match"/> in <paramref name="node"/> (and <paramref name="netns"/>) while
    /// <paramref name="action"/> runs, at most <paramref name="limit"/>; then removes the platform's table.
    /// </summary>
    /// <param name="node">The node.</param>
    /// <param name="netns">A namespace in it, or null for the node's own.</param>
    /// <param name="match">Which packets to trace.</param>
    /// <param name="limit">How long the monitor may run at most (0.5-60 s); it is ended as soon as the action ends.</param>
    /// <param name="action">What to do while the trace is on (a trigger), or null to watch for <paramref name="limit"/>.</param>
    /// <param name="cancellationToken">Cancels the trace (the table is still removed).</param>
    /// <exception cref="ArgumentException">The match is not valid.</exception>
    /// <exception cref="NetfilterTraceException">The trace could not be started (nft missing or refused, no such namespace).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<NetfilterTraceResult> TraceAsync(NodeName node, string? netns, TraceMatch match, TimeSpan limit,
        Func<CancellationToken, Task>? action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (match.Validate() is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(match));
        }

        var seconds = Math.Clamp(limit.TotalSeconds, 0.5, 60);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var file = FilePrefix + id;
        var table = TablePrefix + "_" + id;
        var collected = false;
        try
        {
            var polls = (int)(StartTimeout.TotalMilliseconds / 50);
            var start = await _shell.RunAsync(node,
                ["sh", "-c", StartScript, "sh", file, table, Number(Math.Ceiling(seconds) + 2), Number(polls), Number(MaxOutputBytes), Number(MaxChainsBytes),
                    .. match.ToNftTokens()],
                netns, StartTimeout + StepSlack, cancellationToken);
            if (start.ExitCode != 0)
            {
                var detail = string.Join('\n', new[] { start.Stdout, start.Stderr }.Where(s => !string.IsNullOrWhiteSpace(s))).Trim();
                detail = detail.Length > 600 ? detail[..600] : detail;
                var reason = start.TimedOut ? "it did not start in time"
                    : start.ExitCode == 3 ? "nft refused the platform's trace table"
                    : start.ExitCode == 127 ? "nft is not installed there"
                    : "nft monitor did not start";
                throw new NetfilterTraceException(
                    $"Could not trace packets in {(netns is null ? node.Value : $"namespace {netns} on {node}")} ({reason}).",
                    detail.Length == 0 ? null : detail, start.NetnsMissing);
            }

            var hooks = NftChainHooks.Parse(start.Stdout);
            if (action is not null)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
                try
                {
                    await action(deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The action ran past the trace's limit; what was traced so far still counts.
                }
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
            }

            await Task.Delay(Settle, cancellationToken);
            var collect = await _shell.RunAsync(node, ["sh", "-c", CollectScript, "sh", file, table, "30", "60"], netns, StepSlack, cancellationToken);
            collected = !collect.TimedOut;
            var parsed = NftTraceParser.Parse(collect.Stdout, hooks: hooks);
            return new NetfilterTraceResult(parsed.Traces.Where(t => MarkedBy(t, table)).ToList(), parsed.SkippedLines,
                parsed.Truncated || collect.OutputExceeded || collect.Stdout.Length >= MaxOutputBytes, collect.ExitCode == 0);
        }
        finally
        {
            if (!collected)
            {
                await CleanupAsync(node, netns, file, table);
            }
        }
    }

    /// <summary>
    /// Whether the trace's own rule marked the packet: its <c>meta nftrace set 1</c> rule shows in the packet's events.
    /// Another trace's packets pass this trace's chains too, but there its rule does not match them.
    /// </summary>
    internal static bool MarkedBy(NftPacketTrace trace, string table) =>
        trace.Events.Any(e => e.Kind == NftTraceEventKind.Rule && e.Table == table);

    private async Task CleanupAsync(NodeName node, string? netns, string file, string table)
    {
        // A fresh token: the caller's may be what stopped us. The monitor ends on its own timeout anyway.
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _shell.RunAsync(node, ["sh", "-c", CleanupScript, "sh", file, table], netns, TimeSpan.FromSeconds(8), cts.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The node may be gone; the original outcome matters more, and the next trace removes a leftover table.
        }
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
