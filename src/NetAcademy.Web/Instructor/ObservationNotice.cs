namespace NetAcademy.Web.Instructor;

/// <summary>Sent to a learner's workspace when instructors start or stop observing their lab.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Observers">User names of the instructors observing it now; empty when nobody is.</param>
public sealed record ObservationNotice(string SessionId, IReadOnlyList<string> Observers);
