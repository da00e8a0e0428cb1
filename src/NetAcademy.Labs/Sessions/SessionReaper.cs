using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NetAcademy.Core.Runtime;
using Microsoft.Extensions.Options;

namespace NetAcademy.Labs.Sessions;

/// <summary>
/// Adopts or removes what the runtime runs when the server starts, then every
/// <see cref="LabsOptions.ReaperInterval"/> stops expired and idle sessions and fails those whose nodes stopped.
/// </summary>
public sealed partial class SessionReaper : BackgroundService
{
    private readonly SessionManager _sessions;
    private readonly LabsOptions _options;
    private readonly ILogger<SessionReaper> _logger;

    /// <summary>Creates the reaper.</summary>
    public SessionReaper(SessionManager sessions, IOptions<LabsOptions> options, ILogger<SessionReaper> logger)
    {
        _sessions = sessions;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Until the first reconcile succeeds (the engine may come up after the server), it is tried again on each
        // tick: otherwise the sessions of a previous run would be neither adopted nor removed.
        var reconciled = await TryAsync("reconcile", () => _sessions.ReconcileAsync(stoppingToken));
        using var timer = new PeriodicTimer(_options.ReaperInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!reconciled)
            {
                reconciled = await TryAsync("reconcile", () => _sessions.ReconcileAsync(stoppingToken));
                continue;
            }
            try
            {
                await _sessions.ReapAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log(_logger, "reap", ex);
            }
            try
            {
                await _sessions.FailLostSessionsAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The engine is down: wait for it; sessions are judged when it answers again.
                Log(_logger, "lost-node", ex);
            }
        }
    }

    private async Task<bool> TryAsync(string pass, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log(_logger, pass, ex);
            return false;
        }
    }

    // An engine that cannot be used is a state with its own clear message (logged by the engine connection), not a
    // fault of this pass: no stack trace for it, every tick.
    private static void Log(ILogger logger, string pass, Exception ex)
    {
        if (ex is RuntimeUnavailableException)
        {
            LogWaiting(logger, pass, ex.Message);
        }
        else
        {
            LogFailed(logger, pass, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {Pass} pass waits for the engine: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string pass, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Pass} pass failed")]
    private static partial void LogFailed(ILogger logger, string pass, Exception ex);
}
