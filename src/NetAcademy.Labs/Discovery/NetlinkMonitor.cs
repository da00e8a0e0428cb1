using System.Text;
using NetAcademy.Docker;
using NetAcademy.Docker.Models;

namespace NetAcademy.Labs.Discovery;

/// <summary>
/// One long-running, non-TTY <c>ip monitor link address route</c> exec in one namespace of a node
/// (<see cref="DiscoveryScripts.Monitor"/>). Its output is only a signal: every chunk on stdout calls
/// <c>onEvent</c>; the state itself is always read by a discovery pass. Disposing closes the exec's stdin, which
/// makes the script kill the monitor, then drops the connection.
/// </summary>
internal sealed class NetlinkMonitor : IAsyncDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);
    private readonly DockerExecStream _stream;
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _errors = new();
    private int _disposed;

    private NetlinkMonitor(DockerExecStream stream, string? netns)
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

    /// <summary>Starts the monitor in <paramref name="container"/>.</summary>
    /// <param name="docker">The engine.</param>
    /// <param name="container">Container name of the node.</param>
    /// <param name="netns">A validated namespace name, or null for the node's own namespace.</param>
    /// <param name="onEvent">Called on the reading thread for each output chunk; must be quick and must not throw.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="DockerNotFoundException">The container does not exist.</exception>
    /// <exception cref="DockerConflictException">The container is not running.</exception>
    public static async Task<NetlinkMonitor> StartAsync(DockerClient docker, string container, string? netns, Action onEvent, CancellationToken cancellationToken)
    {
        IList<string> cmd = netns is null
            ? ["sh", "-c", DiscoveryScripts.Monitor, "monitor"]
            : ["sh", "-c", DiscoveryScripts.Monitor, "monitor", netns];
        var execId = await docker.Exec.ExecCreateAsync(container, new ExecCreateParameters
        {
            Cmd = cmd,
            Tty = false,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken);
        var stream = await docker.Exec.StartAndAttachAsync(execId, tty: false, cancellationToken);
        var monitor = new NetlinkMonitor(stream, netns);
        monitor.Completion = Task.Run(() => monitor.ReadAsync(onEvent), CancellationToken.None);
        return monitor;
    }

    private async Task ReadAsync(Action onEvent)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await _stream.ReadOutputAsync(buffer, _stop.Token);
                if (result.Eof)
                {
                    return;
                }

                if (result.Target == ExecStreamTarget.Stderr)
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
            await _stream.CloseWriteAsync();
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
