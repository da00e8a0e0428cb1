using System.Security.Claims;
using NetAcademy.Core.Ids;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Audit;

namespace NetAcademy.Web.Instructor;

/// <summary>
/// The one gate for reading someone else's lab session. Who may: admins, and instructors who teach a course with a
/// lesson on the session's lab (<see cref="CourseStaff"/>). Everyone else gets <see cref="SessionAccessException"/>
/// ("No such lab session."), the answer an unknown id gets, so session ids cannot be probed. Every read through
/// it marks the caller's connection as observing the session: the learner's workspace shows the banner, and the first
/// read of each connection and session writes a lab.observation audit event, whichever hub method it came through.
/// </summary>
public sealed class SessionObservation
{
    private readonly SessionManager _sessions;
    private readonly CourseStaff _staff;
    private readonly ObservationTracker _tracker;
    private readonly IAuditLog _audit;

    /// <summary>Creates the gate.</summary>
    public SessionObservation(SessionManager sessions, CourseStaff staff, ObservationTracker tracker, IAuditLog audit)
    {
        _sessions = sessions;
        _staff = staff;
        _tracker = tracker;
        _audit = audit;
    }

    /// <summary>
    /// The session, when <paramref name="user"/> may observe it (or owns it), else null. Records nothing: for the
    /// observation page, which shows only what the course progress page lists (learner, lab, state); its content is
    /// read through <see cref="BeginReadAsync"/>.
    /// </summary>
    public LabSession? FindObservable(ClaimsPrincipal user, string sessionId)
    {
        if (!SessionId.TryParse(sessionId, out var id) || _sessions.Find(id) is not { } session)
        {
            return null;
        }
        return session.User == user.Identity?.Name || _staff.MayObserve(user, session) ? session : null;
    }

    /// <summary>
    /// The session for a read by <paramref name="user"/> on connection <paramref name="connectionId"/>; a read of
    /// someone else's session is shown to its learner and audited (once per connection and session).
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="connectionId">The caller's hub connection; the banner lasts until it closes.</param>
    /// <param name="sessionId">The session id as sent.</param>
    /// <param name="what">What is read, for the audit detail ("the task board", "the terminal of host1").</param>
    /// <param name="cancellationToken">Cancels the notice and the audit write.</param>
    /// <exception cref="SessionAccessException">No such session, or the caller may not observe it.</exception>
    public async Task<LabSession> BeginReadAsync(ClaimsPrincipal user, string connectionId, string sessionId, string what, CancellationToken cancellationToken)
    {
        var session = FindObservable(user, sessionId) ?? throw new SessionAccessException();
        var observer = user.Identity?.Name ?? "";
        if (session.User == observer)
        {
            return session;
        }
        if (await _tracker.BeginAsync(connectionId, session.Id, observer, cancellationToken))
        {
            // Not cancelled with the caller: a read that went ahead is on record even if the caller left at once.
            await _audit.RecordAsync(observer, AuditKinds.Observation, session.Id.Value,
                $"observed the {session.Lab.Id} lab of {session.User} (read-only), first read: {what}", CancellationToken.None);
        }
        return session;
    }
}
