namespace NetAcademy.Web.Audit;

/// <summary>Something that happened, for instructors and admins to look back on.</summary>
/// <param name="At">When.</param>
/// <param name="User">Who (user name), or null for the platform itself.</param>
/// <param name="Kind">What kind of event; see <see cref="AuditKinds"/>.</param>
/// <param name="Subject">What it was about (a lab id, a session id, an account), if anything.</param>
/// <param name="Detail">Free text: the reason, the check outcome, ...</param>
public sealed record AuditEvent(DateTimeOffset At, string? User, string Kind, string? Subject, string? Detail);
