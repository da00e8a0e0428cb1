using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Workspace;

namespace NetAcademy.Web.Grading;

/// <summary>
/// Pushes every change of a session's task board to its workspace pages ("tasks" to
/// <see cref="WorkspaceHub.Group"/>), and every <see cref="LabGradingOptions.BackgroundInterval"/> checks the open
/// tasks of ready sessions that a page is watching and that <see cref="BackgroundCheckPolicy"/> finds due, so a task
/// turns done without pressing Check. A session whose previous run has not finished is skipped for that round;
/// different sessions do not wait for each other.
/// </summary>
public sealed partial class BackgroundTaskChecker : BackgroundService
{
    private readonly SessionManager _sessions;
    private readonly LabGradingService _grading;
    private readonly IHubContext<WorkspaceHub> _hub;
    private readonly LabGradingOptions _options;
    private readonly ILogger<BackgroundTaskChecker> _logger;
    private readonly BackgroundCheckPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<SessionId, Task> _running = new();
    private readonly ConcurrentDictionary<SessionId, DateTimeOffset> _lastRound = new();

    /// <summary>Creates the checker.</summary>
    public BackgroundTaskChecker(SessionManager sessions, LabGradingService grading, IHubContext<WorkspaceHub> hub, IOptions<LabGradingOptions> options,
        TimeProvider time, ILogger<BackgroundTaskChecker> logger)
    {
        _sessions = sessions;
        _grading = grading;
        _hub = hub;
        _options = options.Value;
        _logger = logger;
        _policy = new BackgroundCheckPolicy(_options);
        _time = time;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void OnBoardChanged(LabSession session, TaskBoard board) =>
            _ = _hub.Clients.Group(WorkspaceHub.Group(session.Id.Value)).SendAsync("tasks", board, CancellationToken.None);
        _grading.BoardChanged += OnBoardChanged;
        try
        {
            if (_options.BackgroundInterval <= TimeSpan.Zero)
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
                return;
            }

            using var timer = new PeriodicTimer(_options.BackgroundInterval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = _time.GetUtcNow();
                var sessions = _sessions.Sessions;
                foreach (var session in sessions.Where(s => s.State == SessionState.Ready && s.Watchers > 0))
                {
                    if (_running.TryGetValue(session.Id, out var previous) && !previous.IsCompleted)
                    {
                        continue;
                    }

                    var lastRound = _lastRound.TryGetValue(session.Id, out var at) ? at : (DateTimeOffset?)null;
                    if (!_policy.IsDue(lastRound, session.LastCommandAt, now))
                    {
                        continue;
                    }

                    _lastRound[session.Id] = now;
                    _running[session.Id] = RunAsync(session, stoppingToken);
                }

                var known = sessions.Where(s => s.IsActive).Select(s => s.Id).ToHashSet();
                foreach (var gone in _lastRound.Keys.Where(id => !known.Contains(id)).ToList())
                {
                    _lastRound.TryRemove(gone, out _);
                }

                foreach (var (id, run) in _running.Where(kv => kv.Value.IsCompleted).ToList())
                {
                    _running.TryRemove(new KeyValuePair<SessionId, Task>(id, run));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _grading.BoardChanged -= OnBoardChanged;
            await Task.WhenAll(_running.Values);
        }
    }

    private async Task RunAsync(LabSession session, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await _grading.CheckOpenTasksAsync(session, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A background round must never end the loop; the learner's own Check reports errors.
            LogRoundFailed(_logger, session.Id.Value, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background check of session {SessionId} failed")]
    private static partial void LogRoundFailed(ILogger logger, string sessionId, Exception ex);
}
