namespace NetAcademy.Grading.Testing;

/// <summary>One test case of a lab test: the lab starting, or one phase of one task.</summary>
/// <param name="Name">E.g. <c>starts</c>, <c>make-veth fails before solution</c>, <c>make-veth passes after solution</c>.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Message">Why it failed or was skipped; null when it passed.</param>
/// <param name="Detail">Evidence (check messages, script output), or null.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record LabTestCase(string Name, LabTestOutcome Outcome, string? Message, string? Detail, TimeSpan Elapsed);
