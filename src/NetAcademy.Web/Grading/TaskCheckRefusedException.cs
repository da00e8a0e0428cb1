namespace NetAcademy.Web.Grading;

/// <summary>
/// A check that cannot run: the task is locked, unknown to the lab, or the lab is not ready. The message says
/// what to do, in the learner's terms.
/// </summary>
public sealed class TaskCheckRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskCheckRefusedException(string message) : base(message)
    {
    }
}
