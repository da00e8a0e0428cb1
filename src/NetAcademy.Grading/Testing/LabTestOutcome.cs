namespace NetAcademy.Grading.Testing;

/// <summary>How one lab test case ended.</summary>
public enum LabTestOutcome
{
    /// <summary>It held.</summary>
    Passed,
    /// <summary>It did not; the case's message says why.</summary>
    Failed,
    /// <summary>It was not run (the host cannot run the lab, or the lab did not start).</summary>
    Skipped,
}
