namespace NetAcademy.Labs.Kernel;

/// <summary>
/// The host kernel's features as lab code sees them: probed once, then served from memory. The session
/// manager asks it before starting a lab; pages ask it to show a lab as unavailable.
/// </summary>
public interface IKernelFeatures
{
    /// <summary>The last report, or null before the first probe finished. Never blocks.</summary>
    KernelReport? Current { get; }

    /// <summary>The cached report, probing first when there is none yet (or the last probe could not run).</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    Task<KernelReport> GetAsync(CancellationToken cancellationToken);

    /// <summary>Probes again and replaces the cached report (e.g. after an operator loaded a module).</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    Task<KernelReport> RefreshAsync(CancellationToken cancellationToken);
}
