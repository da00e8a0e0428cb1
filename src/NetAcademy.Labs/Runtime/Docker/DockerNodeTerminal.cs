using Docker.DotNet;
using Docker.DotNet.Models;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// <see cref="INodeTerminal"/> over a started Docker exec with a TTY (raw bytes both ways). The engine keeps an exec's
/// processes running when its connection closes, and cannot signal them, so every terminal's shell carries a marker
/// in its environment (<see cref="MarkerVariable"/>) and disposing hangs up every process that still carries it.
/// </summary>
internal sealed class DockerNodeTerminal : INodeTerminal
{
    /// <summary>The environment variable that marks a terminal's processes; its value is the terminal's random id.</summary>
    public const string MarkerVariable = "NETACADEMY_TERMINAL";

    // SIGHUP, as a terminal that goes away sends it: an interactive shell passes it on to its jobs, and a program the
    // learner started with nohup keeps running, as it would after closing an ssh session.
    private const string HangUpScript =
        "for d in /proc/[0-9]*; do tr '\\0' '\\n' < \"$d/environ\" 2>/dev/null | grep -qx \"" + MarkerVariable + "=$1\" && kill -HUP \"${d#/proc/}\" 2>/dev/null; done; exit 0";

    private static readonly TimeSpan HangUpTimeout = TimeSpan.FromSeconds(5);
    private readonly DockerClient _client;
    private readonly DockerExec _exec;
    private readonly string _container;
    private readonly string _node;
    private readonly string _execId;
    private readonly string _marker;
    private readonly string _endpoint;
    private readonly MultiplexedStream _stream;
    private int _disposed;

    public DockerNodeTerminal(DockerClient client, DockerExec exec, string container, string node, string execId, string marker, string endpoint, MultiplexedStream stream)
    {
        _client = client;
        _exec = exec;
        _container = container;
        _node = node;
        _execId = execId;
        _marker = marker;
        _endpoint = endpoint;
        _stream = stream;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await DockerExec.ReadAsync(_stream, buffer, cancellationToken);
        return read.Count;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await DockerExec.WriteAsync(_stream, data, cancellationToken);

    public async Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken)
    {
        if (!size.IsValid)
        {
            throw new ArgumentException($"Terminal size {size.Cols}x{size.Rows} is out of range.", nameof(size));
        }
        try
        {
            await _client.Exec.ResizeExecTtyAsync(_execId, new ContainerResizeParameters { Height = size.Rows, Width = size.Cols }, cancellationToken);
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            throw DockerErrors.Translate(ex, _endpoint);
        }
    }

    public ValueTask AbandonAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stream.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _stream.Dispose();
        try
        {
            await _exec.RunAsync(_container, _node, ["sh", "-c", HangUpScript, "hangup", _marker], null, HangUpTimeout, 4096, CancellationToken.None);
        }
        catch (LabRuntimeException)
        {
            // The node or the engine is gone, and the shell with it.
        }
    }
}
