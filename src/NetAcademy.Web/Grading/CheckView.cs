namespace NetAcademy.Web.Grading;

/// <summary>One check of a task after a check run.</summary>
/// <param name="Description">What the check looks for, as the lab describes it (may be empty).</param>
/// <param name="Passed">True when it holds.</param>
/// <param name="Errored">True when it could not be evaluated (try again).</param>
/// <param name="Message">The sentence for the learner.</param>
public sealed record CheckView(string Description, bool Passed, bool Errored, string Message);
