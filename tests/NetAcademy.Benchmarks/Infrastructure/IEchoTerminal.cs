namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>An interactive shell a keystroke can be sent to and whose output can be read: the hub's, the runtime's, a pty's.</summary>
internal interface IEchoTerminal : IAsyncDisposable
{
    ValueTask SendAsync(string keys, CancellationToken ct);

    /// <summary>The next piece of output; null at the end of the stream.</summary>
    ValueTask<string?> ReadAsync(CancellationToken ct);
}
