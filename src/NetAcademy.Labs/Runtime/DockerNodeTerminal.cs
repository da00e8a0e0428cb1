using NetAcademy.Core.Runtime;
using NetAcademy.Docker;
using NetAcademy.Docker.Models;

namespace NetAcademy.Labs.Runtime;

/// <summary><see cref="INodeTerminal"/> over a hijacked Docker exec stream with a TTY.</summary>
internal sealed class DockerNodeTerminal : INodeTerminal
{
    private readonly DockerClient _docker;
    private readonly string _execId;
    private readonly DockerExecStream _stream;

    public DockerNodeTerminal(DockerClient docker, string execId, DockerExecStream stream)
    {
        _docker = docker;
        _execId = execId;
        _stream = stream;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await _stream.ReadOutputAsync(buffer, cancellationToken);
        return result.Eof ? 0 : result.Count;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(data, cancellationToken);

    public async Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken)
    {
        if (!size.IsValid)
        {
            throw new ArgumentException($"Terminal size {size.Cols}x{size.Rows} is out of range.", nameof(size));
        }
        await _docker.Exec.ResizeExecAsync(_execId, size.Rows, size.Cols, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the stream hangs up the TTY: the shell gets SIGHUP and ends.
        await _stream.DisposeAsync();
    }
}
