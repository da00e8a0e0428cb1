using System.Collections.Concurrent;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Terminals;

/// <summary>
/// The live terminals of all sessions: up to <see cref="MaxShellsPerNode"/> shells per (session, node), each known
/// by its number. Every page of the session that asks for a node's shell number N gets the same shell, so a page
/// that reconnects gets its shells back with their recent output. Terminals close when their page closes them
/// (<see cref="CloseAsync"/>), when their session stops, or when nobody has watched them for <see cref="UnwatchedLimit"/>.
/// </summary>
public sealed class TerminalRegistry : IAsyncDisposable
{
    /// <summary>How long a terminal nobody watches is kept for a page to come back.</summary>
    public static readonly TimeSpan UnwatchedLimit = TimeSpan.FromMinutes(10);

    /// <summary>Shells one node of a session may have open at once (each one is a bash in the node).</summary>
    public const int MaxShellsPerNode = 4;

    /// <summary>Highest shell number a page may use; numbers start at 1 and only bound what a request may name.</summary>
    public const int MaxShellNumber = 99;

    private readonly SessionManager _sessions;
    private readonly ConcurrentDictionary<TerminalKey, LiveTerminal> _terminals = new();
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
                // Stopping and Starting (a reset) remove the nodes with every process in them: no hang-up needed.
                _ = CloseSessionAsync(id, hangUp: snapshot.State is SessionState.Failed);
            }
        };
    }

    /// <summary>
    /// Raised after a session's set of open shells changed (one opened, closed, swept or ended with its session), with
    /// the session's id; read <see cref="OpenShells"/> for the new set. Handlers run on the caller's thread.
    /// </summary>
    public event Action<SessionId>? ShellsChanged;

    /// <summary>Whether <paramref name="shell"/> is a number a page may name.</summary>
    public static bool IsValidShell(int shell) => shell is >= 1 and <= MaxShellNumber;

    /// <summary>
    /// The session's shell number <paramref name="shell"/> on a node, opened when there is none (or it ended).
    /// </summary>
    /// <exception cref="TerminalLimitException">The node already has <see cref="MaxShellsPerNode"/> other shells open.</exception>
    /// <exception cref="InvalidOperationException">The session is not ready.</exception>
    public async Task<LiveTerminal> GetOrOpenAsync(LabSession session, NodeName node, int shell, TerminalSize size, CancellationToken cancellationToken)
    {
        var key = new TerminalKey(session.Id, node, shell);
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
            // Counted under the gate, so two pages opening shells at once cannot both take the last place.
            var open = _terminals.Count(e => e.Key.Session == session.Id && e.Key.Node == node && e.Key.Shell != shell && !e.Value.IsClosed);
            if (open >= MaxShellsPerNode)
            {
                throw new TerminalLimitException(
                    $"{node} already has {MaxShellsPerNode} terminals open, the most one node may have. Close one of them first.");
            }
            // Whoever removes an ended shell disposes it: a close or sweep running now may have taken it already.
            if (live is not null && _terminals.TryRemove(new KeyValuePair<TerminalKey, LiveTerminal>(key, live)))
            {
                await live.DisposeAsync();
            }
            var terminal = await _sessions.OpenTerminalAsync(session, node, size, cancellationToken);
            live = new LiveTerminal(terminal);
            // A shell the learner ended with `exit` leaves the set now, not at the next sweep: the workspace
            // and an observer drop its tab at once.
            live.Ended += _ => ShellsChanged?.Invoke(key.Session);
            live.Start();
            _terminals[key] = live;
        }
        finally
        {
            _openGate.Release();
        }
        ShellsChanged?.Invoke(session.Id);
        return live;
    }

    /// <summary>
    /// Opens shell 1 of each node of a session that is ready as its learner gets it (a warm session just claimed from a
    /// pool), one node after another, while their browser loads the workspace: the page's Terminal stream then finds
    /// the shell open with its prompt to replay, resized to the page's terminal, instead of waiting for the node's exec
    /// and login shell (BENCHMARKS.md, lab-start-warm-browser). Only for a session its learner owns already; a shell that
    /// does not open is left for the page to ask for again, which says why.
    /// </summary>
    /// <returns>The number of shells this opened (a page may have opened some first).</returns>
    public async Task<int> OpenAheadAsync(LabSession session, CancellationToken cancellationToken)
    {
        var opened = 0;
        foreach (var node in session.NodeNames)
        {
            if (session.State != SessionState.Ready || session.IsPooled)
            {
                break;
            }
            if (Find(session.Id, node, 1) is not null)
            {
                continue;
            }
            try
            {
                await GetOrOpenAsync(session, node, 1, AheadSize, cancellationToken);
                opened++;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Whatever kept it from opening (the session stopping, the engine refusing) happens again to the
                // page's own Terminal stream, which tells the learner.
                break;
            }
        }
        return opened;
    }

    // The size a shell opened ahead of its page starts at; the page's stream resizes it to its terminal.
    private static readonly TerminalSize AheadSize = new(80, 24);

    /// <summary>The open shell number <paramref name="shell"/> of (session, node), if any.</summary>
    public LiveTerminal? Find(SessionId session, NodeName node, int shell) =>
        _terminals.TryGetValue(new TerminalKey(session, node, shell), out var live) && !live.IsClosed ? live : null;

    /// <summary>The numbers of the open shells of each node of a session, in order; nodes without one are left out.</summary>
    public IReadOnlyDictionary<NodeName, IReadOnlyList<int>> OpenShells(SessionId session) =>
        _terminals.Where(e => e.Key.Session == session && !e.Value.IsClosed)
            .GroupBy(e => e.Key.Node)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(e => e.Key.Shell).Order()]);

    /// <summary>
    /// Ends a shell: its exec in the node is hung up and every page showing it sees its stream end.
    /// </summary>
    /// <returns>True when the shell was open.</returns>
    public async Task<bool> CloseAsync(SessionId session, NodeName node, int shell)
    {
        if (!_terminals.TryRemove(new TerminalKey(session, node, shell), out var live))
        {
            return false;
        }
        var wasOpen = !live.IsClosed;
        await live.DisposeAsync();
        ShellsChanged?.Invoke(session);
        return wasOpen;
    }

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
                    ShellsChanged?.Invoke(key.Session);
                }
            }
        }
    }

    private async Task CloseSessionAsync(SessionId session, bool hangUp)
    {
        var closed = false;
        foreach (var key in _terminals.Keys.Where(k => k.Session == session).ToList())
        {
            if (_terminals.TryRemove(key, out var live))
            {
                await (hangUp ? live.DisposeAsync() : live.AbandonAsync());
                closed = true;
            }
        }
        if (closed)
        {
            ShellsChanged?.Invoke(session);
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

    private readonly record struct TerminalKey(SessionId Session, NodeName Node, int Shell);
}
