using System.Collections.Concurrent;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Terminals;

/// <summary>
/// The live terminals of all sessions, one per (session, node). A page that reconnects gets the same
/// shell back with its recent output; terminals close when their session stops or nobody has watched
/// them for <see cref="UnwatchedLimit"/>.
/// </summary>
public sealed class TerminalRegistry : IAsyncDisposable
{
    /// <summary>How long a terminal nobody watches is kept for a page to come back.</summary>
    public static readonly TimeSpan UnwatchedLimit = TimeSpan.FromMinutes(10);

    private readonly SessionManager _sessions;
    private readonly ConcurrentDictionary<(SessionId, NodeName), LiveTerminal> _terminals = new();
    private readonly SemaphoreSlim _openGate = new(1, 1);

    /// <summary>Creates the registry and closes terminals of sessions as they stop.</summary>
    /// <param name="sessions">The sessions whose terminals these are.</param>
    /// <param name="metrics">Where the number of open terminals is observed; none when null.</param>
    public TerminalRegistry(SessionManager sessions, NetAcademy.Core.Diagnostics.NetAcademyMetrics? metrics = null)
    {
        _sessions = sessions;
        metrics?.ObserveTerminals(() => _terminals.Values.Count(t => !t.IsClosed));
        _sessions.SessionChanged += snapshot =>
        {
            if (snapshot.State is SessionState.Stopping or SessionState.Stopped or SessionState.Failed or SessionState.Starting
                && SessionId.TryParse(snapshot.Id, out var id))
            {
                _ = CloseSessionAsync(id);
            }
        };
    }

    /// <summary>The session's terminal on a node, opened when there is none (or the last one ended).</summary>
    public async Task<LiveTerminal> GetOrOpenAsync(LabSession session, NodeName node, TerminalSize size, CancellationToken cancellationToken)
    {
        var key = (session.Id, node);
        if (_terminals.TryGetValue(key, out var live) && !live.IsClosed)
        {
            return live;
        }
        await _openGate.WaitAsync(cancellationToken);
        try
        {
            if (_terminals.TryGetValue(key, out live) && !live.IsClosed)
            {
                return live;
            }
            if (live is not null)
            {
                await live.DisposeAsync();
            }
            var terminal = await _sessions.OpenTerminalAsync(session, node, size, cancellationToken);
            live = new LiveTerminal(terminal);
            live.Start();
            _terminals[key] = live;
            return live;
        }
        finally
        {
            _openGate.Release();
        }
    }

    /// <summary>The open terminal for (session, node), if any.</summary>
    public LiveTerminal? Find(SessionId session, NodeName node) =>
        _terminals.TryGetValue((session, node), out var live) && !live.IsClosed ? live : null;

    /// <summary>Closes terminals nobody has watched for a while, and ended ones.</summary>
    public async Task SweepAsync()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (key, live) in _terminals.ToArray())
        {
            if (live.IsClosed || (live.SubscriberCount == 0 && now - live.UnwatchedSince > UnwatchedLimit))
            {
                if (_terminals.TryRemove(key, out var removed))
                {
                    await removed.DisposeAsync();
                }
            }
        }
    }

    private async Task CloseSessionAsync(SessionId session)
    {
        foreach (var key in _terminals.Keys.Where(k => k.Item1 == session).ToList())
        {
            if (_terminals.TryRemove(key, out var live))
            {
                await live.DisposeAsync();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var live in _terminals.Values)
        {
            await live.DisposeAsync();
        }
        _terminals.Clear();
        _openGate.Dispose();
    }
}
