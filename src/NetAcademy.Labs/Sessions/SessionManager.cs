using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Diagnostics;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Kernel;

namespace NetAcademy.Labs.Sessions;

/// <summary>
/// Owns every lab session of this server: start (idempotent per user and lab), stop, reset, extend,
/// quotas, and adoption of what the runtime already runs after a restart. Pages, hubs and the CLI go
/// through it, never to the runtime directly.
/// </summary>
public sealed partial class SessionManager
{
    private readonly ILabRuntime _runtime;
    private readonly ILabDirectory _labs;
    private readonly LabsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionManager> _logger;
    private readonly IKernelFeatures? _kernel;
    private readonly NetAcademyMetrics? _metrics;
    private readonly ConcurrentDictionary<SessionId, LabSession> _sessions = new();
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly ConcurrentDictionary<SessionId, byte> _stopsInFlight = new();
    private readonly ConcurrentDictionary<SessionId, StartRun> _starts = new();

    // A failed removal is usually the engine being briefly busy or restarting: try again a moment later before
    // giving the session to the reaper.
    private static readonly TimeSpan[] StopRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    /// <summary>Creates the manager.</summary>
    /// <param name="runtime">The backend.</param>
    /// <param name="labs">Where labs are looked up.</param>
    /// <param name="options">Quotas and limits.</param>
    /// <param name="time">Clock (tests advance their own).</param>
    /// <param name="logger">Logger.</param>
    /// <param name="kernel">Host kernel features; when null, labs' <c>requires</c> are not checked.</param>
    /// <param name="metrics">Where starts, failures, step durations, quota refusals and runtime call latency are counted; none when null.</param>
    public SessionManager(ILabRuntime runtime, ILabDirectory labs, IOptions<LabsOptions> options, TimeProvider time, ILogger<SessionManager> logger,
        IKernelFeatures? kernel = null, NetAcademyMetrics? metrics = null)
    {
        _kernel = kernel;
        _metrics = metrics;
        metrics?.ObserveSessions(CountByState);
        _runtime = runtime;
        _labs = labs;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised when any session changes (start steps, state, expiry).</summary>
    public event Action<SessionSnapshot>? SessionChanged;

    /// <summary>Active and recently ended sessions of people; a warm pool's sessions are not among them until claimed.</summary>
    public IReadOnlyCollection<LabSession> Sessions => _sessions.Values.Where(s => !s.IsPooled).ToList();

    /// <summary>
    /// Starts the lab for the user, or returns the session the user already has for it (pressing Start
    /// twice, or in two tabs, gives one session). Returns at once; the start runs in the background and
    /// reports through <see cref="LabSession.Changed"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No lab with that id loads.</exception>
    /// <exception cref="SessionLimitException">A quota refuses the start; the message says what to do.</exception>
    /// <exception cref="LabUnavailableException">The host kernel lacks a feature the lab requires, or no lab can run (the engine cannot be used).</exception>
    public async Task<LabSession> StartAsync(string user, LabId labId, CancellationToken cancellationToken)
    {
        var lab = _labs.FindLab(labId) ?? throw new KeyNotFoundException($"There is no lab '{labId}'.");
        if (_kernel is not null)
        {
            // Cached after the first probe; a probe that could not run (the engine is down or refused) stops every lab.
            var report = await _kernel.GetAsync(cancellationToken);
            if (report.Problem is { } problem)
            {
                throw new LabUnavailableException(labId, problem);
            }
            var missing = report.Missing(lab.Requires);
            if (missing.Count > 0)
            {
                throw new LabUnavailableException(labId, missing);
            }
        }
        await _startGate.WaitAsync(cancellationToken);
        LabSession session;
        try
        {
            var existing = _sessions.Values.FirstOrDefault(s => s.User == user && s.Lab.Id == labId && s.IsActive);
            if (existing is not null)
            {
                return existing;
            }
            // A session counts until its containers are gone: starting, ready, failed (until stopped or reset) and
            // stopping alike. Counting only running ones let a failed or stopping session's containers go uncounted.
            // Warm pools have a memory budget of their own; a claimed session counts from its claim.
            var active = _sessions.Values.Where(s => HoldsResources(s) && !s.IsPooled).ToList();
            var mine = active.Count(s => s.User == user);
            if (mine >= _options.MaxSessionsPerUser)
            {
                _metrics?.QuotaRefused("sessions_per_user");
                throw new SessionLimitException(
                    $"You already have {mine} lab(s) open, the most one person may have at once. Stop one of them (a failed one too) to start this lab.");
            }
            if (active.Count >= _options.MaxSessions)
            {
                _metrics?.QuotaRefused("sessions_total");
                var soonest = active.Min(s => s.ExpiresAt) - _time.GetUtcNow();
                var minutes = Math.Max(1, (int)Math.Ceiling(soonest.TotalMinutes));
                throw new SessionLimitException(
                    $"The lab platform is at capacity ({active.Count} labs running). Try again in {minutes} minute(s).",
                    TimeSpan.FromMinutes(minutes));
            }
            if (await TryClaimAsync(user, lab, cancellationToken) is { } warm)
            {
                return warm;
            }
            var now = _time.GetUtcNow();
            session = new LabSession(SessionId.New(), user, lab, now, now + (lab.Limits.SessionTime ?? _options.DefaultSessionTime));
            session.Changed += OnSessionChanged;
            _sessions[session.Id] = session;
        }
        finally
        {
            _startGate.Release();
        }
        LogStarting(_logger, session.Id.Value, user, labId.Value);
        Launch(session);
        return session;
    }

    private static bool HoldsResources(LabSession session) => session.State != SessionState.Stopped;

    /// <summary>Runs the session's start in the background; a stop cancels it and waits for it (see <see cref="StopAsync"/>).</summary>
    private void Launch(LabSession session)
    {
        var cancel = new CancellationTokenSource();
        var run = new StartRun(Task.Run(() => RunStartAsync(session, cancel.Token), CancellationToken.None), cancel);
        _starts[session.Id] = run;
        _ = run.Task.ContinueWith(_ =>
        {
            _starts.TryRemove(new KeyValuePair<SessionId, StartRun>(session.Id, run));
            cancel.Dispose();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunStartAsync(LabSession session, CancellationToken cancellationToken)
    {
        var lab = session.Lab.Id.Value;
        using var activity = NetAcademyMetrics.ActivitySource.StartActivity("lab.start");
        activity?.SetTag("netacademy.lab", lab);
        activity?.SetTag("netacademy.session", session.Id.Value);
        using var progress = new StartTelemetry(session.Report, lab, _metrics, activity);
        _metrics?.LabStarted(lab);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await TimeRuntimeAsync("start", () => _runtime.StartAsync(new SessionSpec(session.Id, session.User, session.Lab), progress, cancellationToken));
            if (!session.TryMove(SessionState.Starting, SessionState.Ready))
            {
                // Stopped while starting: the stop may have run before the containers existed.
                await TimeRuntimeAsync("stop", () => _runtime.StopAsync(session.Id, CancellationToken.None));
            }
            else
            {
                _metrics?.LabStartStep(lab, "all", Stopwatch.GetElapsedTime(started));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A stop cancelled the start; the runtime removed what it had made, and the stop removes the rest.
            activity?.SetTag("netacademy.outcome", "cancelled");
        }
        catch (LabStartException ex)
        {
            Failed(ex.Message);
            session.TryMove(SessionState.Starting, SessionState.Failed, error: ex.Output is null ? ex.Message : $"{ex.Message}\n{ex.Output}");
        }
        catch (Exception ex)
        {
            Failed(ex.Message);
            LogUnexpected(_logger, session.Id.Value, ex);
            session.TryMove(SessionState.Starting, SessionState.Failed, error: $"The lab could not start: {ex.Message}");
        }

        void Failed(string message)
        {
            _metrics?.LabStartFailed(lab);
            activity?.SetStatus(ActivityStatusCode.Error, message);
        }
    }

    private Task TimeRuntimeAsync(string operation, Func<Task> call) =>
        _metrics is null ? call() : _metrics.TimeRuntimeAsync(operation, call);

    private Task<T> TimeRuntimeAsync<T>(string operation, Func<Task<T>> call) =>
        _metrics is null ? call() : _metrics.TimeRuntimeAsync(operation, call);

    private IEnumerable<KeyValuePair<string, int>> CountByState()
    {
        var counts = _sessions.Values.GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count());
        // Every state but Stopped (a stopped session is forgotten at once), zeros included, so each series exists from the start.
        return new[] { SessionState.Starting, SessionState.Ready, SessionState.Failed, SessionState.Stopping }
            .Select(state => new KeyValuePair<string, int>(state.ToString().ToLowerInvariant(), counts.GetValueOrDefault(state)));
    }

    /// <summary>The session with that id when it belongs to <paramref name="user"/>.</summary>
    /// <exception cref="SessionAccessException">No such session, or someone else's.</exception>
    public LabSession GetOwned(string sessionId, string user)
    {
        if (!SessionId.TryParse(sessionId, out var id) || !_sessions.TryGetValue(id, out var session) || session.User != user || session.IsPooled)
        {
            throw new SessionAccessException();
        }
        return session;
    }

    /// <summary>The session with that id, whoever owns it; for the platform's own services.</summary>
    public LabSession? Find(SessionId id) => _sessions.GetValueOrDefault(id);

    /// <summary>The user's active session for a lab, if any.</summary>
    public LabSession? FindActive(string user, LabId labId) =>
        _sessions.Values.FirstOrDefault(s => s.User == user && s.Lab.Id == labId && s.IsActive && !s.IsPooled);

    /// <summary>Stops the session and removes all it created. Idempotent.</summary>
    public async Task StopAsync(LabSession session, string reason, CancellationToken cancellationToken)
    {
        if (!session.TryMove(SessionState.Ready, SessionState.Stopping, stopReason: reason)
            && !session.TryMove(SessionState.Starting, SessionState.Stopping, stopReason: reason)
            && !session.TryMove(SessionState.Failed, SessionState.Stopping, stopReason: reason))
        {
            return;
        }
        LogStopping(_logger, session.Id.Value, reason);
        await EndStartAsync(session);
        await FinishStopAsync(session, cancellationToken);
    }

    /// <summary>
    /// Cancels a start still under way and waits until it has ended, so that nothing it creates outlives the stop
    /// (the runtime removes what a cancelled start made; the stop then removes anything left).
    /// </summary>
    private async Task EndStartAsync(LabSession session)
    {
        if (!_starts.TryGetValue(session.Id, out var run))
        {
            return;
        }
        try
        {
            await run.Cancel.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The start ended on its own meanwhile.
        }
        try
        {
            // The runtime's own clean-up after a cancelled start is bounded (60 s); this bound is above it.
            await run.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            LogStartDidNotEnd(_logger, session.Id.Value);
        }
    }

    /// <summary>
    /// Removes what a Stopping session holds in the runtime, retrying briefly, then marks it Stopped. When the
    /// runtime keeps failing, the session stays Stopping (it no longer counts against quotas) and
    /// <see cref="ReapAsync"/> tries again. One removal per session at a time.
    /// </summary>
    /// <exception cref="SessionStopException">Every attempt failed.</exception>
    private async Task FinishStopAsync(LabSession session, CancellationToken cancellationToken)
    {
        if (!_stopsInFlight.TryAdd(session.Id, 0))
        {
            return;
        }
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await TimeRuntimeAsync("stop", () => _runtime.StopAsync(session.Id, cancellationToken));
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && attempt < StopRetryDelays.Length)
                {
                    LogStopRetry(_logger, session.Id.Value, attempt + 1, ex.Message);
                    await Task.Delay(StopRetryDelays[attempt], cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogStopFailed(_logger, session.Id.Value, ex);
                    throw new SessionStopException(
                        $"The lab's containers could not be removed yet ({ex.Message}). The platform keeps trying; the lab shows as stopping until they are gone.", ex);
                }
            }
            session.TryMove(SessionState.Stopping, SessionState.Stopped);
            _sessions.TryRemove(session.Id, out _);
        }
        finally
        {
            _stopsInFlight.TryRemove(session.Id, out _);
        }
    }

    /// <summary>Puts the lab back to its initial state: removes the nodes and starts them again under the same session.</summary>
    public async Task ResetAsync(LabSession session, CancellationToken cancellationToken)
    {
        if (!session.TryMove(SessionState.Ready, SessionState.Stopping, stopReason: "reset")
            && !session.TryMove(SessionState.Failed, SessionState.Stopping, stopReason: "reset"))
        {
            throw new InvalidOperationException("The lab can be reset once it is ready or has failed.");
        }
        // Marked in flight so that the reaper, which finishes stops that failed, leaves this one alone.
        _stopsInFlight.TryAdd(session.Id, 0);
        try
        {
            await TimeRuntimeAsync("stop", () => _runtime.StopAsync(session.Id, cancellationToken));
        }
        finally
        {
            _stopsInFlight.TryRemove(session.Id, out _);
        }
        session.Restart();
        Launch(session);
    }

    /// <summary>Adds <see cref="LabsOptions.ExtendBy"/> to the session's time, up to <see cref="LabsOptions.MaxSessionTime"/> from its start.</summary>
    /// <returns>The new expiry.</returns>
    public DateTimeOffset Extend(LabSession session)
    {
        var limit = session.CreatedAt + _options.MaxSessionTime;
        var next = session.ExpiresAt + _options.ExtendBy;
        var expiry = next > limit ? limit : next;
        session.SetExpiry(expiry);
        return expiry;
    }

    /// <summary>
    /// Tells the session's owner that the kernel killed a process in one of their nodes for exceeding the
    /// node's memory limit. Unknown sessions and nodes are ignored (the event may outlive the session).
    /// </summary>
    /// <returns>The session told, or null.</returns>
    public LabSession? ReportOutOfMemory(SessionId sessionId, NodeName node)
    {
        if (!_sessions.TryGetValue(sessionId, out var session) || session.Lab.FindNode(node) is not { } labNode)
        {
            return null;
        }
        session.AddNotice($"A process on {node} was killed: out of memory (limit {labNode.MemoryMiB} MiB).");
        LogOutOfMemory(_logger, sessionId.Value, node.Value, labNode.MemoryMiB);
        return session;
    }

    /// <summary>Records a sign of life (a check, a capture, an opened terminal).</summary>
    public void Touch(LabSession session) => session.Touch(_time.GetUtcNow());

    /// <summary>
    /// Records terminal input: a sign of life, and a command entered when the input ends a line (Enter sends CR;
    /// a paste may carry LF), which is what background checks wait for.
    /// </summary>
    public void RecordInput(LabSession session, ReadOnlySpan<char> input) =>
        session.Touch(_time.GetUtcNow(), enteredCommand: input.IndexOfAny('\r', '\n') >= 0);

    /// <summary>A workspace page opened (+1) or closed (-1) on the session.</summary>
    public void Watch(LabSession session, int delta) => session.AddWatcher(delta, _time.GetUtcNow());

    /// <summary>How many steps the session's start reports (for the workspace's progress bar).</summary>
    public int CountStartSteps(LabSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _runtime.CountStartSteps(session.Lab);
    }

    /// <summary>A shell into the session's nodes.</summary>
    public INodeShell Shell(LabSession session)
    {
        var shell = _runtime.GetShell(session.Id, session.NodeNames);
        return _metrics is null ? shell : new TimedShell(shell, _metrics);
    }

    /// <summary>Opens a terminal in a node of the session.</summary>
    /// <exception cref="ArgumentException">Unknown node or bad size.</exception>
    /// <exception cref="InvalidOperationException">The session is not ready.</exception>
    public Task<INodeTerminal> OpenTerminalAsync(LabSession session, NodeName node, TerminalSize size, CancellationToken cancellationToken)
    {
        if (!session.NodeNames.Contains(node))
        {
            throw new ArgumentException($"The lab has no node '{node}'.", nameof(node));
        }
        if (session.State != SessionState.Ready)
        {
            throw new InvalidOperationException($"The lab is {session.State.ToString().ToLowerInvariant()}, not ready.");
        }
        Touch(session);
        return TimeRuntimeAsync("open_terminal", () => _runtime.OpenTerminalAsync(session.Id, node, size, cancellationToken));
    }

    /// <summary>
    /// Stops sessions past their time or idle for too long (no terminal input and no open workspace).
    /// Called by the reaper; public for tests.
    /// </summary>
    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var reaped = 0;
        // A warm pool's session waits for its learner: neither idle nor expired until claimed (the pool replaces it when it fails).
        foreach (var session in _sessions.Values.Where(s => s.State == SessionState.Ready && !s.IsPooled).ToList())
        {
            var idleLimit = session.Lab.Limits.IdleTimeout ?? _options.DefaultIdleTimeout;
            string? reason = null;
            if (now >= session.ExpiresAt)
            {
                reason = "expired";
            }
            else if (session.Watchers == 0 && now - session.LastActivity >= idleLimit)
            {
                reason = "idle";
            }
            if (reason is null)
            {
                continue;
            }
            try
            {
                await StopAsync(session, reason, cancellationToken);
            }
            catch (SessionStopException)
            {
                // Logged; the session stays Stopping and the pass below retries it next round.
            }
            reaped++;
        }
        // Stops whose removal failed: try again; the session is gone once it succeeds.
        foreach (var stuck in _sessions.Values.Where(s => s.State == SessionState.Stopping && !_stopsInFlight.ContainsKey(s.Id)).ToList())
        {
            try
            {
                await FinishStopAsync(stuck, cancellationToken);
            }
            catch (SessionStopException)
            {
                // Logged; the next round tries again.
            }
        }
        // Failed sessions hold nothing in the runtime; forget them after a while.
        foreach (var failed in _sessions.Values.Where(s => s.State == SessionState.Failed && now - s.LastActivity > TimeSpan.FromHours(1)).ToList())
        {
            _sessions.TryRemove(failed.Id, out _);
        }
        return reaped;
    }

    /// <summary>
    /// Fails ready sessions whose nodes no longer run: the container engine restarted (containers do not
    /// survive that without live-restore), or someone stopped or removed them from outside. The learner sees
    /// why; what is left of the session in the runtime is removed so nothing leaks. Called by the reaper;
    /// public for tests.
    /// </summary>
    /// <returns>How many sessions were failed.</returns>
    /// <exception cref="Exception">The runtime cannot be listed (engine down); nothing is changed then.</exception>
    public async Task<int> FailLostSessionsAsync(CancellationToken cancellationToken)
    {
        var ready = _sessions.Values.Where(s => s.State == SessionState.Ready).ToList();
        if (ready.Count == 0)
        {
            return 0;
        }
        var suspects = LostNodes(ready, await TimeRuntimeAsync("list", () => _runtime.ListAsync(cancellationToken)));
        if (suspects.Count == 0)
        {
            return 0;
        }
        // Look again before acting: a reset between the snapshot and the listing removes nodes on purpose.
        var confirmed = LostNodes(suspects.Keys.Where(s => s.State == SessionState.Ready).ToList(), await TimeRuntimeAsync("list", () => _runtime.ListAsync(cancellationToken)));
        var failed = 0;
        foreach (var (session, lost) in confirmed)
        {
            var error = lost.Count == session.NodeNames.Count
                ? "The lab's nodes stopped (the container engine restarted or they were removed). Start the lab again."
                : $"The lab's node(s) {string.Join(", ", lost)} stopped unexpectedly. Reset the lab to start it again.";
            if (!session.TryMove(SessionState.Ready, SessionState.Failed, error: error))
            {
                continue;
            }
            LogLost(_logger, session.Id.Value, string.Join(",", lost));
            await TimeRuntimeAsync("stop", () => _runtime.StopAsync(session.Id, cancellationToken));
            failed++;
        }
        return failed;
    }

    private static Dictionary<LabSession, List<string>> LostNodes(IReadOnlyList<LabSession> sessions, IReadOnlyList<RuntimeSessionInfo> found)
    {
        var byId = found.ToDictionary(f => f.Session);
        var lost = new Dictionary<LabSession, List<string>>();
        foreach (var session in sessions)
        {
            var nodes = byId.TryGetValue(session.Id, out var info) ? info.Nodes : new Dictionary<string, bool>();
            var gone = session.NodeNames.Select(n => n.Value).Where(n => !nodes.TryGetValue(n, out var running) || !running).ToList();
            if (gone.Count > 0)
            {
                lost[session] = gone;
            }
        }
        return lost;
    }

    /// <summary>
    /// After a restart: adopts what the runtime runs for this instance when its lab still loads and every
    /// node runs, and removes everything else. Returns (adopted, removed).
    /// </summary>
    public async Task<(int Adopted, int Removed)> ReconcileAsync(CancellationToken cancellationToken)
    {
        var adopted = 0;
        var removed = 0;
        foreach (var found in await TimeRuntimeAsync("list", () => _runtime.ListAsync(cancellationToken)))
        {
            if (_sessions.ContainsKey(found.Session))
            {
                continue;
            }
            var lab = LabId.TryParse(found.Lab, out var labId) ? _labs.FindLab(labId) : null;
            var complete = lab is not null && found.Nodes.Count == lab.Nodes.Count && found.Nodes.Values.All(running => running)
                && lab.Nodes.All(n => found.Nodes.ContainsKey(n.Name.Value)) && !string.IsNullOrEmpty(found.User);
            if (!complete)
            {
                await TimeRuntimeAsync("stop", () => _runtime.StopAsync(found.Session, cancellationToken));
                removed++;
                continue;
            }
            var now = _time.GetUtcNow();
            var session = new LabSession(found.Session, found.User, lab!, now, now + (lab!.Limits.SessionTime ?? _options.DefaultSessionTime));
            session.TryMove(SessionState.Starting, SessionState.Ready);
            session.Changed += OnSessionChanged;
            _sessions[session.Id] = session;
            adopted++;
        }
        _reconciled = true;
        LogReconciled(_logger, adopted, removed);
        return (adopted, removed);
    }

    /// <summary>Stops every active session (used by tests and at shutdown when asked to).</summary>
    public async Task StopAllAsync(string reason, CancellationToken cancellationToken)
    {
        await Task.WhenAll(_sessions.Values.ToList().Select(s => StopAsync(s, reason, cancellationToken)));
    }

    // A warm pool's session is nobody's to hear about until it is claimed; the claim itself is the first change told.
    private void OnSessionChanged(SessionSnapshot snapshot)
    {
        if (snapshot.User != LabSession.PoolOwner)
        {
            SessionChanged?.Invoke(snapshot);
        }
    }

    private sealed record StartRun(Task Task, CancellationTokenSource Cancel);

    /// <summary>A shell whose calls count as runtime calls ("exec": a program run to its end; "exec_start": a streamed one started).</summary>
    private sealed class TimedShell(INodeShell inner, NetAcademyMetrics metrics) : INodeShell
    {
        public Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken) =>
            metrics.TimeRuntimeAsync("exec", () => inner.RunAsync(node, argv, netns, timeout, cancellationToken));

        public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken) =>
            metrics.TimeRuntimeAsync("exec_start", () => inner.StartAsync(node, argv, netns, withInput, cancellationToken));
    }

    /// <summary>
    /// Passes each step to the session synchronously (<see cref="Progress{T}"/> would post to the thread pool and reorder
    /// steps), records each ended step's duration by its kind (the key before the first ':': images, networks, node, setup)
    /// and traces each step as a child span of the start. Steps may run side by side (nodes start in parallel).
    /// </summary>
    private sealed class StartTelemetry(Action<StartProgress> report, string lab, NetAcademyMetrics? metrics, Activity? parent)
        : IProgress<StartProgress>, IDisposable
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, Activity> _steps = new(StringComparer.Ordinal);

        public void Report(StartProgress value)
        {
            report(value);
            var kind = value.Step.Split(':', 2)[0];
            if (value.Status == StepStatus.Running)
            {
                if (parent is not null && NetAcademyMetrics.ActivitySource.CreateActivity("lab.start." + kind, ActivityKind.Internal, parent.Context) is { } step)
                {
                    step.SetTag("netacademy.step", value.Step);
                    // Started without becoming the runtime's current activity: the runtime's own flow stays as it was.
                    var current = Activity.Current;
                    step.Start();
                    Activity.Current = current;
                    lock (_gate)
                    {
                        _steps[value.Step] = step;
                    }
                }
                return;
            }
            metrics?.LabStartStep(lab, kind, value.Elapsed);
            Activity? ended;
            lock (_gate)
            {
                _steps.Remove(value.Step, out ended);
            }
            if (ended is not null)
            {
                if (value.Status == StepStatus.Failed)
                {
                    ended.SetStatus(ActivityStatusCode.Error, value.Output);
                }
                ended.Stop();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                foreach (var step in _steps.Values)
                {
                    step.Stop();
                }
                _steps.Clear();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting session {SessionId} for {User}, lab {LabId}")]
    private static partial void LogStarting(ILogger logger, string sessionId, string user, string labId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The start of session {SessionId} did not end within 90 s of its stop; the stop goes on")]
    private static partial void LogStartDidNotEnd(ILogger logger, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping session {SessionId}: {Reason}")]
    private static partial void LogStopping(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing session {SessionId} failed (attempt {Attempt}), trying again: {Reason}")]
    private static partial void LogStopRetry(ILogger logger, string sessionId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Removing session {SessionId} failed; the reaper will try again")]
    private static partial void LogStopFailed(ILogger logger, string sessionId, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure starting session {SessionId}")]
    private static partial void LogUnexpected(ILogger logger, string sessionId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: a process on {Node} was killed for memory (limit {LimitMiB} MiB)")]
    private static partial void LogOutOfMemory(ILogger logger, string sessionId, string node, int limitMiB);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} failed: its nodes {Nodes} no longer run")]
    private static partial void LogLost(ILogger logger, string sessionId, string nodes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled with the runtime: adopted {Adopted}, removed {Removed}")]
    private static partial void LogReconciled(ILogger logger, int adopted, int removed);
}
