using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Sessions;

/// <summary>
/// Keeps the warm pools topped up (<see cref="SessionManager.FillPoolsAsync"/>) every <see cref="LabsOptions.PoolFillInterval"/>
/// and right after each claim, once the reaper has adopted what a previous run left (else the pools would be filled
/// twice); drains them at shutdown when <see cref="LabsOptions.DrainPoolsAtShutdown"/> says so.
/// </summary>
public sealed partial class WarmPoolKeeper : BackgroundService
{
    private readonly SessionManager _sessions;
    private readonly LabsOptions _options;
    private readonly ILogger<WarmPoolKeeper> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Creates the keeper.</summary>
    public WarmPoolKeeper(SessionManager sessions, IOptions<LabsOptions> options, ILogger<WarmPoolKeeper> logger)
    {
        _sessions = sessions;
        _options = options.Value;
        _logger = logger;
        _sessions.PoolNeedsFilling += Wake;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_sessions.Reconciled)
            {
                try
                {
                    await _sessions.FillPoolsAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (ex is RuntimeUnavailableException)
                    {
                        LogWaiting(_logger, ex.Message);
                    }
                    else
                    {
                        LogFillFailed(_logger, ex);
                    }
                }
            }
            try
            {
                await _wake.WaitAsync(_options.PoolFillInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _sessions.PoolNeedsFilling -= Wake;
        await base.StopAsync(cancellationToken);
        if (_options.DrainPoolsAtShutdown && _sessions.PooledSessions.Count > 0)
        {
            await _sessions.DrainPoolsAsync(cancellationToken);
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; one pass fills for every claim since.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm pools wait for the container engine: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Filling the warm pools failed; the next pass tries again")]
    private static partial void LogFillFailed(ILogger logger, Exception exception);
}
