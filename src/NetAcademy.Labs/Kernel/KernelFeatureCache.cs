namespace NetAcademy.Labs.Kernel;

/// <summary>
/// <see cref="IKernelFeatures"/> over an <see cref="IKernelProbe"/>: probes lazily, once, and keeps the answer
/// for the life of the process (the kernel does not change under a running server). A probe that could
/// not run is kept only for <see cref="RetryIncompleteAfter"/>, so an engine that comes up late is noticed.
/// Concurrent callers share one probe. Thread-safe.
/// </summary>
public sealed class KernelFeatureCache : IKernelFeatures
{
    /// <summary>How long a report from a probe that could not run is served before probing again.</summary>
    public static readonly TimeSpan RetryIncompleteAfter = TimeSpan.FromSeconds(30);

    private readonly IKernelProbe _probe;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile KernelReport? _current;

    /// <summary>Creates the cache.</summary>
    public KernelFeatureCache(IKernelProbe probe, TimeProvider time)
    {
        _probe = probe;
        _time = time;
    }

    /// <inheritdoc />
    public KernelReport? Current => _current;

    /// <inheritdoc />
    public async Task<KernelReport> GetAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_current) is { } fresh)
        {
            return fresh;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have probed while this one waited.
            if (IsFresh(_current) is { } probed)
            {
                return probed;
            }
            return _current = await _probe.ProbeAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<KernelReport> RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _current = await _probe.ProbeAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private KernelReport? IsFresh(KernelReport? report) =>
        report is not null && (report.Complete || _time.GetUtcNow() - report.ProbedAt < RetryIncompleteAfter) ? report : null;
}
