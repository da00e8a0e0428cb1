using System.Text;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Runtime;

namespace NetAcademy.Labs.Discovery;

/// <summary>
/// One long-running <c>ip monitor link address route</c> process (<see cref="INodeProcess"/>) in one namespace of a node
/// (<see cref="DiscoveryScripts.Monitor"/>). Its output is only a signal: every chunk on stdout calls
/// <c>onEvent</c>; the state itself is always read by a discovery pass. Disposing closes the process's stdin, which
/// makes the script kill the monitor, then drops the connection.
/// </summary>
/// <remarks>
/// Bounded whatever the node prints (its root can replace <c>ip</c>): memory is one 4 KiB read buffer and 2 KiB of
/// stderr; events are coalesced by the caller (one pending signal per session feed, so at most one discovery pass per
/// debounce); the output is read at most <see cref="MaxBytesPerSecond"/> (a token bucket), past which the monitor
/// waits on its pipe. Lines are counted, never kept.
/// </remarks>
internal sealed class NetlinkMonitor : IAsyncDisposable
{
    /// <summary>Output read per second from one monitor, stdout and stderr together: 64 KiB (some hundreds of events; more only says "changed" again).</summary>
    public const int MaxBytesPerSecond = 64 * 1024;

    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);
    private readonly INodeProcess _stream;
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _errors = new();
    private int _disposed;

    private NetlinkMonitor(INodeProcess stream, string? netns)
    {
        _stream = stream;
        Netns = netns;
    }

    /// <summary>The namespace watched; null for the node's own.</summary>
    public string? Netns { get; }

    /// <summary>Ends when the monitor's output ends (it exited, its namespace went away, the container stopped) or it is disposed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Netlink lines seen so far (a rough count: chunks can hold several).</summary>
    public long Events { get; private set; }

    /// <summary>What the monitor wrote on stderr (bounded), for the log when it ends early.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Starts the monitor in <paramref name="node"/>.</summary>
    /// <param name="shell">The session's shell.</param>
    /// <param name="node">The node.</param>
    /// <param name="netns">A validated namespace name, or null for the node's own namespace.</param>
    /// <param name="onEvent">Called on the reading thread for each output chunk; must be quick and must not throw.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="NodeNotRunningException">The node is not running.</exception>
    /// <exception cref="LabRuntimeException">The backend failed.</exception>
    public static async Task<NetlinkMonitor> StartAsync(INodeShell shell, NodeName node, string? netns, Action onEvent, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> cmd = netns is null
            ? ["sh", "-c", DiscoveryScripts.Monitor, "monitor"]
            : ["sh", "-c", DiscoveryScripts.Monitor, "monitor", netns];
        // The script enters the namespace itself: it also ends the monitor when the namespace is deleted.
        var stream = await shell.StartAsync(node, cmd, netns: null, withInput: true, cancellationToken);
        var monitor = new NetlinkMonitor(stream, netns);
        monitor.Completion = Task.Run(() => monitor.ReadAsync(onEvent), CancellationToken.None);
        return monitor;
    }

    private async Task ReadAsync(Action onEvent)
    {
        var buffer = new byte[4096];
        using var limiter = NodeOutputRate.Create(MaxBytesPerSecond, MaxBytesPerSecond);
        try
        {
            while (true)
            {
                var result = await _stream.ReadAsync(buffer, _stop.Token);
                if (result.IsEnd)
                {
                    return;
                }

                using (await limiter.AcquireAsync(result.Count, _stop.Token))
                {
                }

                if (result.Stream == NodeOutputStream.Stderr)
                {
                    lock (_errors)
                    {
                        if (_errors.Length < 2048)
                        {
                            _errors.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                        }
                    }

                    continue;
                }

                Events += buffer.AsSpan(0, result.Count).Count((byte)'\n');
                onEvent();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidDataException)
        {
            // Stopped by us, or the connection broke (container removed): either way the monitor is over.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            // EOF on stdin is the only way to tell the script to kill `ip monitor` (see DiscoveryScripts.Monitor).
            await _stream.CloseInputAsync(CancellationToken.None);
            await Completion.WaitAsync(StopWait);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or ObjectDisposedException)
        {
        }
        finally
        {
            await _stop.CancelAsync();
            await Completion;
            await _stream.DisposeAsync();
            _stop.Dispose();
        }
    }
}
