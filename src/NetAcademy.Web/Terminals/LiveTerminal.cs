using System.Text;
using System.Threading.Channels;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Web.Terminals;

/// <summary>
/// One shell in one node, shared by every page that shows it. A pump reads the TTY and hands output to
/// each subscriber through a small bounded channel: when the browsers are slow, the pump waits, so the
/// TTY fills and the program in the node blocks instead of the server buffering without bound. The last
/// <see cref="ReplayBytes"/> bytes are kept so a page that reconnects shows recent output.
/// </summary>
public sealed class LiveTerminal : IAsyncDisposable
{
    /// <summary>Bytes of recent output replayed to a new subscriber.</summary>
    public const int ReplayBytes = 64 * 1024;

    private readonly INodeTerminal _terminal;
    private readonly Lock _gate = new();
    private readonly List<Channel<string>> _subscribers = [];
    private readonly byte[] _ring = new byte[ReplayBytes];
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private long _written;
    private Task? _pump;

    internal LiveTerminal(INodeTerminal terminal) => _terminal = terminal;

    /// <summary>True once the shell has ended or the terminal was disposed.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>When the last subscriber left (or the terminal was opened), for idle cleanup.</summary>
    public DateTimeOffset UnwatchedSince { get; private set; } = DateTimeOffset.UtcNow;

    /// <summary>Subscribers right now.</summary>
    public int SubscriberCount { get { lock (_gate) { return _subscribers.Count; } } }

    /// <summary>
    /// Raised once when the shell ends by itself (`exit`, the node gone), not when the terminal is closed or
    /// abandoned: whoever closes it knows already. Runs on the pump's thread.
    /// </summary>
    internal event Action<LiveTerminal>? Ended;

    internal void Start() => _pump = Task.Run(PumpAsync);

    /// <summary>
    /// Output from now on, preceded by the recent output. Ends when the shell ends or the token is cancelled.
    /// </summary>
    public async IAsyncEnumerable<string> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        string replay;
        lock (_gate)
        {
            replay = RecentOutput();
            if (IsClosed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _subscribers.Add(channel);
            }
        }
        try
        {
            if (replay.Length > 0)
            {
                yield return replay;
            }
            await foreach (var chunk in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return chunk;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
                if (_subscribers.Count == 0)
                {
                    UnwatchedSince = DateTimeOffset.UtcNow;
                }
            }
        }
    }

    /// <summary>Writes keystrokes to the shell.</summary>
    public async Task WriteAsync(string data, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        // One writer at a time: SignalR may run two Input calls of one page concurrently.
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await _terminal.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Resizes the TTY.</summary>
    public Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken) => _terminal.ResizeAsync(size, cancellationToken);

    private string RecentOutput()
    {
        var count = (int)Math.Min(_written, ReplayBytes);
        if (count == 0)
        {
            return "";
        }
        var bytes = new byte[count];
        var start = (int)((_written - count) % ReplayBytes);
        var first = Math.Min(count, ReplayBytes - start);
        Array.Copy(_ring, start, bytes, 0, first);
        Array.Copy(_ring, 0, bytes, first, count - first);
        // The cut may fall inside a UTF-8 sequence; skip continuation bytes at the start.
        var skip = 0;
        while (skip < bytes.Length && (bytes[skip] & 0xC0) == 0x80)
        {
            skip++;
        }
        return Encoding.UTF8.GetString(bytes, skip, bytes.Length - skip);
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        var decoder = Encoding.UTF8.GetDecoder();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _terminal.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }
                List<Channel<string>> targets;
                lock (_gate)
                {
                    for (var i = 0; i < read; i++)
                    {
                        _ring[(int)((_written + i) % ReplayBytes)] = buffer[i];
                    }
                    _written += read;
                    targets = [.. _subscribers];
                }
                // The decoder keeps a multi-byte character split across reads for the next round.
                var charCount = decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                if (charCount == 0 || targets.Count == 0)
                {
                    continue;
                }
                var text = new string(chars, 0, charCount);
                foreach (var target in targets)
                {
                    await target.Writer.WriteAsync(text, _stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The exec stream broke (node stopped, daemon restarted): the terminal is over.
        }
        finally
        {
            Close();
        }
        if (!_stop.IsCancellationRequested)
        {
            Ended?.Invoke(this);
        }
    }

    private void Close()
    {
        lock (_gate)
        {
            IsClosed = true;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CloseAsync(hangUp: true);

    /// <summary>
    /// Closes the terminal without hanging up the shell's processes, for a node that is being removed or made anew
    /// with all of them (a session stopping or resetting): the hang-up would be one more program run in a node about
    /// to go, and a class stopping its labs at once would make one per terminal while others type.
    /// </summary>
    public ValueTask AbandonAsync() => CloseAsync(hangUp: false);

    private async ValueTask CloseAsync(bool hangUp)
    {
        await _stop.CancelAsync();
        Close();
        if (hangUp)
        {
            await _terminal.DisposeAsync();
        }
        else
        {
            await _terminal.AbandonAsync();
        }
        if (_pump is not null)
        {
            try
            {
                await _pump;
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Dispose();
        _writeGate.Dispose();
    }
}
