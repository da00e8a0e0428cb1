using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        try
        {
            await _sessions.ReconcileAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(_logger, "reconcile", ex);
        }
        using var timer = new PeriodicTimer(_options.ReaperInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await _sessions.ReapAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(_logger, "reap", ex);
            }
            try
            {
                await _sessions.FailLostSessionsAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The engine is down: wait for it; sessions are judged when it answers again.
                LogFailed(_logger, "lost-node", ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Pass} pass failed")]
    private static partial void LogFailed(ILogger logger, string pass, Exception ex);
}
