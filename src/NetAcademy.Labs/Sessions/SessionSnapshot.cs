using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Sessions;

/// <summary>An immutable view of a session for pages, hubs and the API.</summary>
/// <param name="Id">Session id.</param>
/// <param name="User">Owner.</param>
/// <param name="LabId">Lab id.</param>
/// <param name="State">State.</param>
/// <param name="Steps">Start steps so far, one entry per step (latest status).</param>
/// <param name="Nodes">Node names of the lab.</param>
/// <param name="CreatedAt">When Start was pressed.</param>
/// <param name="ExpiresAt">When the session will be stopped unless extended.</param>
/// <param name="Error">Why it failed or was stopped by the platform, for the learner; null otherwise.</param>
/// <param name="StopReason">Why it stopped (user, expired, idle, ...), null while it runs.</param>
public sealed record SessionSnapshot(
    string Id, string User, string LabId, SessionState State, IReadOnlyList<StartProgress> Steps,
    IReadOnlyList<string> Nodes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? Error, string? StopReason)
{
    /// <summary>
    /// What the platform did to the learner's processes while the lab ran, oldest first, e.g. "A process on
    /// host1 was killed: out of memory (limit 128 MiB)." Empty when nothing happened.
    /// </summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>
    /// Grows with every change of the session. Snapshots reach a page by two paths (the answer to Watch and the
    /// change broadcasts) that can arrive out of order, so a page keeps the one with the highest version.
    /// </summary>
    public long Version { get; init; }
}
