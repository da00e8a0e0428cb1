using Microsoft.AspNetCore.SignalR;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Instructor;
using NetAcademy.Web.Limits;

namespace NetAcademy.Web.Workspace;

public sealed partial class WorkspaceHub
{
    /// <summary>Every task of the session's lab: id, title, status (Locked/Open/Done), hints and last message.</summary>
    public TaskBoard Tasks(string sessionId) => Grading().Board(Owned(sessionId));

    /// <summary>
    /// Runs a task's checks and returns each check's result with the sentence to act on, and the board after it.
    /// A locked task is refused with a message naming what to finish first; a learner past
    /// <see cref="UsageLimitsOptions.ChecksPerMinute"/> is told to wait.
    /// </summary>
    public async Task<TaskCheckOutcome> Check(string sessionId, string taskId)
    {
        var session = Owned(sessionId);
        Limit(RateLimitedAction.Check);
        _sessions.Touch(session);
        try
        {
            return await Grading().CheckAsync(session, taskId ?? "", Context.ConnectionAborted);
        }
        catch (TaskCheckRefusedException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    /// <summary>User names of the instructors observing the session right now (empty when nobody is).</summary>
    public IReadOnlyList<string> Observers(string sessionId) =>
        Context.GetHttpContext()!.RequestServices.GetRequiredService<ObservationTracker>().ObserversOf(Owned(sessionId).Id);

    private LabGradingService Grading() => Context.GetHttpContext()!.RequestServices.GetRequiredService<LabGradingService>();
}
