namespace NetAcademy.Grading.Checks;

/// <summary>The outcome of one check.</summary>
/// <param name="Passed">True when the check holds.</param>
/// <param name="Message">One sentence for the learner: what holds, or what is wrong in terms they can act on.</param>
/// <param name="Detail">Raw evidence for authors and the CLI (command output, captured packets), or null.</param>
/// <param name="Errored">True when the check could not be evaluated at all (a node could not be reached, the lab's
/// check is malformed); such a result never passes.</param>
public sealed record CheckResult(bool Passed, string Message, string? Detail = null, bool Errored = false)
{
    /// <summary>A passing result.</summary>
    public static CheckResult Pass(string message, string? detail = null) => new(true, message, detail);

    /// <summary>A failing result whose message tells the learner what to fix.</summary>
    public static CheckResult Fail(string message, string? detail = null) => new(false, message, detail);

    /// <summary>A result for a check that could not be evaluated.</summary>
    public static CheckResult Error(string message, string? detail = null) => new(false, message, detail, Errored: true);
}
