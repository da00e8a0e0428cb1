using NetAcademy.Core.Ids;

namespace NetAcademy.Labs.Kernel;

/// <summary>
/// A lab cannot start on this host because the kernel lacks a feature the lab requires. The message names
/// the missing features and is meant for the learner as it is.
/// </summary>
public sealed class LabUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabUnavailableException(LabId lab, IReadOnlyList<KernelFeatureStatus> missing)
        : base($"The lab '{lab}' is unavailable on this server: " +
               string.Join("; ", missing.Select(m => $"the host kernel has no {KernelChecks.Name(m.Feature)} ({m.Reason})")) + ".")
    {
        Lab = lab;
        Missing = missing;
    }

    /// <summary>Creates the exception for a lab that cannot run because no lab can (see <see cref="KernelReport.Problem"/>).</summary>
    public LabUnavailableException(LabId lab, string problem)
        : base($"The lab '{lab}' is unavailable on this server: {problem}")
    {
        Lab = lab;
        Missing = [];
    }

    /// <summary>The lab that was refused.</summary>
    public LabId Lab { get; }

    /// <summary>The features the host lacks.</summary>
    public IReadOnlyList<KernelFeatureStatus> Missing { get; }
}
