using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Labs.Kernel;

/// <summary>
/// Turns the runtime's OOM kills into session notices ("A process on host1 was killed: out of memory"),
/// so a learner whose command died with "Killed" learns why. The kill itself is the kernel's doing: the
/// node's memory limit keeps one learner from starving the host.
/// </summary>
public sealed partial class OutOfMemoryWatcher : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan UnavailableDelay = TimeSpan.FromSeconds(30);
    private readonly IOutOfMemorySource? _source;
    private readonly SessionManager _sessions;
    private readonly ILogger<OutOfMemoryWatcher> _logger;

    /// <summary>Creates the watcher; it does nothing when the runtime cannot report OOM kills.</summary>
    public OutOfMemoryWatcher(ILabRuntime runtime, SessionManager sessions, ILogger<OutOfMemoryWatcher> logger)
    {
        _source = runtime as IOutOfMemorySource;
        _sessions = sessions;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_source is null)
        {
            return;
        }
        string? lastReason = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = RetryDelay;
            try
            {
                await foreach (var kill in _source.WatchOutOfMemoryAsync(stoppingToken))
                {
                    lastReason = null;
                    _sessions.ReportOutOfMemory(kill.Session, kill.Node);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The engine restarted or the stream broke: listen again after a pause, longer while the engine cannot
                // be used at all; the same reason is logged once, not every few seconds.
                if (ex is RuntimeUnavailableException)
                {
                    delay = UnavailableDelay;
                }
                if (ex.Message != lastReason)
                {
                    lastReason = ex.Message;
                    LogStreamFailed(_logger, ex.Message);
                }
            }
            await Task.Delay(delay, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OOM event stream ended, listening again: {Reason}")]
    private static partial void LogStreamFailed(ILogger logger, string reason);
}
