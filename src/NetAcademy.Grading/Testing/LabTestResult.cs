using NetAcademy.Core.Ids;

namespace NetAcademy.Grading.Testing;

/// <summary>The result of testing one lab.</summary>
/// <param name="Lab">The lab.</param>
/// <param name="Cases">Its test cases in the order they ran.</param>
/// <param name="SkippedReason">Why the whole lab was skipped (e.g. a kernel feature this host lacks), or null.</param>
/// <param name="Elapsed">Wall time for the lab, start to stop.</param>
public sealed record LabTestResult(LabId Lab, IReadOnlyList<LabTestCase> Cases, string? SkippedReason, TimeSpan Elapsed)
{
    /// <summary>True when no case failed (a skipped lab counts as passed, as in JUnit).</summary>
    public bool Passed => Cases.All(c => c.Outcome != LabTestOutcome.Failed);

    /// <summary>Cases that failed.</summary>
    public int Failures => Cases.Count(c => c.Outcome == LabTestOutcome.Failed);

    /// <summary>Cases that were skipped.</summary>
    public int Skipped => Cases.Count(c => c.Outcome == LabTestOutcome.Skipped);

    /// <summary>
    /// Where the lab ran (or was found unable to run), for people: e.g. "this host (kernel 6.18.44)" or "a VM (Debian
    /// kernel 6.1.0-57-amd64, QEMU TCG)"; null when not recorded.
    /// </summary>
    public string? RanOn { get; init; }
}
