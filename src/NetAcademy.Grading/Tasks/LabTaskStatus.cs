namespace NetAcademy.Grading.Tasks;

/// <summary>Where a learner stands on a task. (Not named TaskStatus, which System.Threading.Tasks already uses.)</summary>
public enum LabTaskStatus
{
    /// <summary>Some task it needs is not done yet.</summary>
    Locked,
    /// <summary>Every task it needs is done; it is not.</summary>
    Open,
    /// <summary>Its checks passed.</summary>
    Done,
}
