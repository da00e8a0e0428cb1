namespace NetAcademy.Web.Audit;

/// <summary>
/// Append-only record of who did what. Writers call <see cref="RecordAsync"/> with a kind from
/// <see cref="AuditKinds"/> (or their own "feature.event" name); it never throws for a failed write,
/// which is logged instead, so auditing cannot break the action it records.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends an event; <paramref name="user"/> is a user name or null for the platform.</summary>
    Task RecordAsync(string? user, string kind, string? subject, string? detail, CancellationToken cancellationToken);

    /// <summary>The newest events first, optionally only one user's or one kind's.</summary>
    Task<IReadOnlyList<AuditEvent>> QueryAsync(string? user, string? kind, int limit, CancellationToken cancellationToken);
}
