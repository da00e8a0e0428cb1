namespace NetAcademy.Web.Grading;

/// <summary>Every task of a session's lab with its status, in the lab's order.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="LabId">Its lab.</param>
/// <param name="Tasks">The tasks.</param>
public sealed record TaskBoard(string SessionId, string LabId, IReadOnlyList<TaskView> Tasks)
{
    /// <summary>Tasks done.</summary>
    public int Done => Tasks.Count(t => t.Status == NetAcademy.Grading.Tasks.LabTaskStatus.Done);

    /// <summary>True when the lab has tasks and every one is done.</summary>
    public bool Complete => Tasks.Count > 0 && Done == Tasks.Count;
}
