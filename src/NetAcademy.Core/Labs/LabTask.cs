using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Labs;

/// <summary>A graded task of a lab.</summary>
/// <param name="Id">Task id, unique in the lab.</param>
/// <param name="Title">Short title.</param>
/// <param name="Description">Markdown shown to the learner.</param>
/// <param name="Needs">Tasks that must be done before this one opens.</param>
/// <param name="Checks">All must pass for the task to pass.</param>
/// <param name="Hints">Markdown hints, folded until asked for.</param>
/// <param name="Solution">The reference solution, run by <c>netacademy lab test</c>.</param>
public sealed record LabTask(
    TaskId Id,
    string Title,
    string Description,
    IReadOnlyList<TaskId> Needs,
    IReadOnlyList<Check> Checks,
    IReadOnlyList<string> Hints,
    IReadOnlyList<SolutionStep> Solution);

/// <summary>One step of a reference solution: a script from the lab folder run in a node.</summary>
/// <param name="Node">Where it runs.</param>
/// <param name="Script">Shell text run with <c>sh -e</c> in the node (the lab's own file content, never request input).</param>
public sealed record SolutionStep(NodeName Node, string Script);
