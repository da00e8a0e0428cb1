using NetAcademy.Grading.Tasks;

namespace NetAcademy.Web.Grading;

/// <summary>One task of a running lab as the workspace shows it.</summary>
/// <param name="Id">Task id (matches <c>data-task-id</c> of the lesson's task block).</param>
/// <param name="Title">Short title.</param>
/// <param name="Description">What to do (Markdown text; the page shows code spans as code).</param>
/// <param name="Status">Locked, open or done (sent as a string).</param>
/// <param name="Needs">Titles of the tasks that must be done first.</param>
/// <param name="Hints">Hints (Markdown text), folded until asked for or until a check failed.</param>
/// <param name="LastPassed">Outcome of the last check in this session, or null when it was never checked.</param>
/// <param name="LastMessage">What the last check said: the sentences to act on, or null.</param>
public sealed record TaskView(
    string Id, string Title, string Description, LabTaskStatus Status, IReadOnlyList<string> Needs, IReadOnlyList<string> Hints,
    bool? LastPassed, string? LastMessage);
