using System.Text;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// A node terminal opened by the lab runtime in this process (Docker API exec with a TTY, no web server): the
/// part of the hub's round trip that is the Docker exec path alone.
/// </summary>
internal sealed class RuntimeTerminal : IEchoTerminal
{
    private readonly INodeTerminal _terminal;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly char[] _chars = new char[16 * 1024];

    public RuntimeTerminal(INodeTerminal terminal) => _terminal = terminal;

    public ValueTask SendAsync(string keys, CancellationToken ct) => _terminal.WriteAsync(Encoding.UTF8.GetBytes(keys), ct);

    public async ValueTask<string?> ReadAsync(CancellationToken ct)
    {
        var n = await _terminal.ReadAsync(_buffer, ct);
        if (n == 0)
        {
            return null;
        }
        var count = _decoder.GetChars(_buffer, 0, n, _chars, 0);
        return new string(_chars, 0, count);
    }

    public ValueTask DisposeAsync() => _terminal.DisposeAsync();
}
