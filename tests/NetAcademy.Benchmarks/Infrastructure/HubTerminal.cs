using System.Text.Json;
using System.Threading.Channels;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>A node terminal through WorkspaceHub: output from the <c>Terminal</c> stream, keys through <c>Input</c>.</summary>
internal sealed class HubTerminal : IEchoTerminal
{
    /// <summary>The node's shell number this terminal uses: the first, the one the workspace opens.</summary>
    public const int Shell = 1;

    private readonly WebLearner _learner;
    private readonly string _node;
    private readonly string _streamId;
    private readonly ChannelReader<JsonElement> _items;

    public HubTerminal(WebLearner learner, string node, string streamId, ChannelReader<JsonElement> items)
    {
        _learner = learner;
        _node = node;
        _streamId = streamId;
        _items = items;
    }

    // Awaited as the page awaits connection.invoke('Input', ...): the completion usually trails the echo.
    public async ValueTask SendAsync(string keys, CancellationToken ct) =>
        await _learner.InvokeAsync("Input", [_learner.SessionId, _node, Shell, keys], ct);

    public async ValueTask<string?> ReadAsync(CancellationToken ct) =>
        await _items.WaitToReadAsync(ct) && _items.TryRead(out var item) ? item.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        if (_learner.Hub.ClosedWith is null)
        {
            await _learner.Hub.CancelStreamAsync(_streamId, CancellationToken.None);
        }
    }
}
