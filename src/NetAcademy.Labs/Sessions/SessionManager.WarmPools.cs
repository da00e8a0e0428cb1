using Microsoft.Extensions.Logging;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Sessions;

/// <summary>
/// Warm pools: per lab, sessions started and set up before anyone asks, owned by <see cref="LabSession.PoolOwner"/>.
/// Start claims one (under the start gate, so two learners never get the same session) and the pool is refilled in the
/// background. A warm session is invisible until claimed: not in <see cref="Sessions"/>, not told through
/// <see cref="SessionChanged"/>, not found by <see cref="GetOwned"/> or <see cref="FindActive"/> for any account.
/// </summary>
public sealed partial class SessionManager
{
    // Starting a lab costs CPU on the host; a pass never has more warm starts than this under way at once.
    private const int MaxConcurrentWarmStarts = 2;

    private readonly SemaphoreSlim _fillGate = new(1, 1);
    private volatile bool _poolsPaused;
    private volatile bool _reconciled;

    /// <summary>Warm sessions nobody has claimed yet (for the admin's view of the pools).</summary>
    public IReadOnlyCollection<LabSession> PooledSessions => _sessions.Values.Where(s => s.IsPooled).ToList();

    /// <summary>True after an admin drained the pools, until they are resumed: nothing refills them meanwhile.</summary>
    public bool PoolsPaused => _poolsPaused;

    /// <summary>True once <see cref="ReconcileAsync"/> has run: only then are a previous run's warm sessions known, and filling may begin.</summary>
    public bool Reconciled => _reconciled;

    /// <summary>How many warm sessions of <paramref name="lab"/> this server keeps: <see cref="LabsOptions.Pools"/>, else the lab's own <c>pool.size</c>.</summary>
    public int PoolSize(Lab lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return _options.Pools.TryGetValue(lab.Id.Value, out var size) ? Math.Max(0, size) : lab.PoolSize;
    }

    /// <summary>
    /// Gives the user a ready warm session of the lab, if there is one. Called under the start gate. A warm session
    /// started from an older version of the lab (edited since) is stopped instead of given out.
    /// </summary>
    private async Task<LabSession?> TryClaimAsync(string user, Lab lab, CancellationToken cancellationToken)
    {
        var candidates = _sessions.Values
            .Where(s => s.IsPooled && s.Lab.Id == lab.Id && s.State == SessionState.Ready)
            .OrderBy(s => s.CreatedAt)
            .ToList();
        foreach (var candidate in candidates)
        {
            if (!ReferenceEquals(candidate.Lab, lab))
            {
                StopWarmInBackground(candidate, "the lab changed");
                continue;
            }
            try
            {
                await TimeRuntimeAsync("claim", () => _runtime.ClaimAsync(candidate.Id, user, cancellationToken));
            }
            catch (LabRuntimeException ex)
            {
                LogClaimFailed(_logger, candidate.Id.Value, ex.Message);
                StopWarmInBackground(candidate, "its claim failed");
                continue;
            }
            var now = _time.GetUtcNow();
            candidate.Claim(user, now, now + (lab.Limits.SessionTime ?? _options.DefaultSessionTime));
            LogClaimed(_logger, candidate.Id.Value, user, lab.Id.Value);
            PoolNeedsFilling?.Invoke();
            return candidate;
        }
        return null;
    }

    /// <summary>Raised when a claim took a warm session, so the pool's keeper refills it now rather than at its next tick.</summary>
    public event Action? PoolNeedsFilling;

    /// <summary>
    /// One pass over the pools: stops warm sessions that failed or are more than the pool wants, and starts new ones
    /// up to each lab's pool size within <see cref="LabsOptions.PoolMemoryBudgetMiB"/> (every node's memory limit
    /// counts), at most <see cref="MaxConcurrentWarmStarts"/> starting at once. Labs the host kernel cannot run are
    /// skipped. Called by the keeper; public for tests.
    /// </summary>
    /// <returns>How many warm starts it launched (they go on in the background).</returns>
    public async Task<int> FillPoolsAsync(CancellationToken cancellationToken)
    {
        if (_poolsPaused || _options.PoolMemoryBudgetMiB <= 0)
        {
            return 0;
        }
        await _fillGate.WaitAsync(cancellationToken);
        try
        {
            var labs = _labs.AllLabs.Where(lab => PoolSize(lab) > 0 || _sessions.Values.Any(s => s.IsPooled && s.Lab.Id == lab.Id)).ToList();
            if (labs.Count == 0)
            {
                return 0;
            }
            // Asked only when some lab has a pool: the first answer runs the kernel probe.
            var report = _kernel is null ? null : await _kernel.GetAsync(cancellationToken);
            var launched = 0;
            foreach (var lab in labs)
            {
                var want = PoolSize(lab);
                var warm = _sessions.Values.Where(s => s.IsPooled && s.Lab.Id == lab.Id).ToList();
                foreach (var gone in warm.Where(s => s.State == SessionState.Failed || !ReferenceEquals(s.Lab, lab)))
                {
                    await StopWarmAsync(gone, gone.State == SessionState.Failed ? "it failed" : "the lab changed", cancellationToken);
                }
                var alive = warm.Where(s => s.IsActive && ReferenceEquals(s.Lab, lab)).OrderBy(s => s.CreatedAt).ToList();
                foreach (var extra in alive.Skip(Math.Max(0, want)).Where(s => s.State == SessionState.Ready))
                {
                    await StopWarmAsync(extra, "the pool is smaller now", cancellationToken);
                }
                if (want <= 0 || (report is not null && (report.Problem is not null || report.Missing(lab.Requires).Count > 0)))
                {
                    continue;
                }
                for (var have = alive.Count; have < want; have++)
                {
                    var held = _sessions.Values.Where(s => s.IsPooled && HoldsResources(s)).Sum(s => s.Lab.MemoryMiB);
                    var starting = _sessions.Values.Count(s => s.IsPooled && s.State == SessionState.Starting);
                    if (held + lab.MemoryMiB > _options.PoolMemoryBudgetMiB || starting >= MaxConcurrentWarmStarts || _poolsPaused)
                    {
                        return launched;
                    }
                    var now = _time.GetUtcNow();
                    var session = new LabSession(Core.Ids.SessionId.New(), LabSession.PoolOwner, lab, now, DateTimeOffset.MaxValue);
                    session.Changed += OnSessionChanged;
                    _sessions[session.Id] = session;
                    LogWarmStart(_logger, session.Id.Value, lab.Id.Value);
                    Launch(session);
                    launched++;
                }
            }
            return launched;
        }
        finally
        {
            _fillGate.Release();
        }
    }

    /// <summary>Stops every warm session nobody has claimed and keeps the pools empty until <see cref="ResumePools"/> (an admin action; also at shutdown).</summary>
    /// <returns>How many warm sessions were stopped.</returns>
    public async Task<int> DrainPoolsAsync(CancellationToken cancellationToken)
    {
        _poolsPaused = true;
        // A fill pass under way finishes first, so nothing it launches outlives the drain.
        await _fillGate.WaitAsync(cancellationToken);
        try
        {
            var warm = PooledSessions;
            foreach (var session in warm)
            {
                await StopWarmAsync(session, "the pools were drained", cancellationToken);
            }
            LogDrained(_logger, warm.Count);
            return warm.Count;
        }
        finally
        {
            _fillGate.Release();
        }
    }

    /// <summary>Lets the keeper fill the pools again after <see cref="DrainPoolsAsync"/>.</summary>
    public void ResumePools() => _poolsPaused = false;

    /// <summary>
    /// Stops a warm session unless it was claimed meanwhile: the check and the move to Stopping happen under the start
    /// gate, so a claim and a stop never both win.
    /// </summary>
    private async Task StopWarmAsync(LabSession session, string reason, CancellationToken cancellationToken)
    {
        await _startGate.WaitAsync(cancellationToken);
        bool stopping;
        try
        {
            stopping = session.IsPooled
                && (session.TryMove(SessionState.Ready, SessionState.Stopping, stopReason: reason)
                    || session.TryMove(SessionState.Starting, SessionState.Stopping, stopReason: reason)
                    || session.TryMove(SessionState.Failed, SessionState.Stopping, stopReason: reason));
        }
        finally
        {
            _startGate.Release();
        }
        if (!stopping)
        {
            return;
        }
        LogStopping(_logger, session.Id.Value, "warm pool: " + reason);
        await EndStartAsync(session);
        try
        {
            await FinishStopAsync(session, cancellationToken);
        }
        catch (SessionStopException)
        {
            // Logged; the session stays Stopping and the reaper finishes it.
        }
    }

    // From inside the start gate: the stop waits for the gate, so it cannot run here.
    private void StopWarmInBackground(LabSession session, string reason) =>
        _ = Task.Run(() => StopWarmAsync(session, reason, CancellationToken.None), CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm session {SessionId} of lab {LabId} starting for the pool")]
    private static partial void LogWarmStart(ILogger logger, string sessionId, string labId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm session {SessionId} claimed by {User}, lab {LabId}")]
    private static partial void LogClaimed(ILogger logger, string sessionId, string user, string labId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm session {SessionId} could not be claimed ({Reason}); it is replaced")]
    private static partial void LogClaimFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained the warm pools: {Count} session(s) stopped; filling is paused until resumed")]
    private static partial void LogDrained(ILogger logger, int count);
}
