using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;

namespace NetAcademy.Web.Grading;

/// <summary>How far a learner got in a lab (or in the part of it one lesson covers).</summary>
/// <param name="Done">Tasks passed.</param>
/// <param name="Total">Tasks counted.</param>
public sealed record LabProgress(int Done, int Total)
{
    /// <summary>True when there are tasks and all are done.</summary>
    public bool IsComplete => Total > 0 && Done >= Total;

    /// <summary>The lab's score: the share of its tasks done, 0-100.</summary>
    public int Percent => Total == 0 ? 0 : (int)Math.Round(100.0 * Done / Total);

    /// <summary>
    /// Counts the passed tasks among <paramref name="tasks"/> (or, when empty, all tasks of the lab) in the learner's
    /// records. Records of tasks the lab no longer has are ignored.
    /// </summary>
    /// <param name="lab">The lab.</param>
    /// <param name="tasks">The tasks that count, e.g. a lesson's; empty for the whole lab.</param>
    /// <param name="records">The learner's records (any labs; other labs' are ignored).</param>
    public static LabProgress Of(Lab lab, IReadOnlyCollection<TaskId> tasks, IEnumerable<TaskProgress> records)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(records);
        var counted = (tasks is { Count: > 0 } ? tasks.Where(t => lab.Tasks.Any(x => x.Id == t)) : lab.Tasks.Select(t => t.Id)).ToHashSet();
        var done = records.Where(r => r.LabId == lab.Id && r.Passed && counted.Contains(r.TaskId)).Select(r => r.TaskId).Distinct().Count();
        return new LabProgress(done, counted.Count);
    }
}
