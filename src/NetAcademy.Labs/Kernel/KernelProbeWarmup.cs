using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NetAcademy.Labs.Kernel;

/// <summary>Runs the kernel probe once at start-up, so the first page or Start does not wait for it.</summary>
public sealed partial class KernelProbeWarmup : BackgroundService
{
    private readonly IKernelFeatures _features;
    private readonly ILogger<KernelProbeWarmup> _logger;

    /// <summary>Creates the service.</summary>
    public KernelProbeWarmup(IKernelFeatures features, ILogger<KernelProbeWarmup> logger)
    {
        _features = features;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var report = await _features.GetAsync(stoppingToken);
            if (!report.Complete)
            {
                LogIncomplete(_logger, report.Features[0].Reason);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(_logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The kernel probe could not run, so labs stay unavailable until it can: {Reason}")]
    private static partial void LogIncomplete(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The kernel probe failed unexpectedly")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
