using NetAcademy.Core.Labs;

namespace NetAcademy.Grading.Testing;

/// <summary>
/// Where <c>netacademy lab test</c> runs each lab: on this host, or, when a VM may be used, in a VM whose kernel has
/// what this host's lacks. A lab that cannot run here stays on the host's list without a VM, where the runner
/// reports it skipped with the reason.
/// </summary>
/// <param name="OnHost">Labs run (or reported skipped) on this host, in the given order.</param>
/// <param name="InVm">Labs this host cannot run, for the VM, in the given order.</param>
public sealed record LabTestPlan(IReadOnlyList<Lab> OnHost, IReadOnlyList<Lab> InVm)
{
    /// <summary>Splits <paramref name="labs"/>.</summary>
    /// <param name="labs">The labs to test.</param>
    /// <param name="cannotRunReason">Why this host cannot run a lab, or null when it can (the runner's own gate).</param>
    /// <param name="useVm">True when labs this host cannot run go to a VM.</param>
    public static LabTestPlan Split(IEnumerable<Lab> labs, Func<Lab, string?> cannotRunReason, bool useVm)
    {
        ArgumentNullException.ThrowIfNull(labs);
        ArgumentNullException.ThrowIfNull(cannotRunReason);
        var all = labs.ToList();
        if (!useVm)
        {
            return new LabTestPlan(all, []);
        }

        var inVm = all.Where(l => cannotRunReason(l) is not null).ToList();
        return new LabTestPlan(all.Except(inVm).ToList(), inVm);
    }
}
