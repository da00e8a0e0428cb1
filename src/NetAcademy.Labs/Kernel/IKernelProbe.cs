namespace NetAcademy.Labs.Kernel;

/// <summary>
/// Asks the host kernel, through the runtime's backend, which <see cref="NetAcademy.Core.Labs.KernelFeature"/>s it
/// gives lab nodes: each check runs confined like a lab node, because a feature the sandbox refuses is as missing as
/// one the kernel lacks. Implemented by each backend (its nodes are what the answer is about).
/// </summary>
public interface IKernelProbe
{
    /// <summary>
    /// Runs every check. Never throws for an unreachable backend or a missing image: the report then says so for
    /// every feature and has <see cref="KernelReport.Complete"/> false.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    Task<KernelReport> ProbeAsync(CancellationToken cancellationToken);
}
