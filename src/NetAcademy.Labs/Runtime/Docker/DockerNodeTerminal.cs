using Docker.DotNet;
using Docker.DotNet.Models;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary><see cref="INodeTerminal"/> over a started Docker exec with a TTY (raw bytes both ways).</summary>
internal sealed class DockerNodeTerminal : INodeTerminal
{
    private readonly DockerClient _client;
    private readonly string _execId;
    private readonly string _endpoint;
    private readonly MultiplexedStream _stream;
    private int _disposed;

    public DockerNodeTerminal(DockerClient client, string execId, string endpoint, MultiplexedStream stream)
    {
        _client = client;
        _execId = execId;
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

    public ValueTask DisposeAsync()
    {
        // Closing the stream hangs up the TTY: the shell gets SIGHUP and ends.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stream.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
