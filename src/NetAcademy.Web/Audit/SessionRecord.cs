namespace NetAcademy.Web.Audit;

/// <summary>One lab session in the history.</summary>
/// <param name="Id">Session id.</param>
/// <param name="User">Owner (user name).</param>
/// <param name="LabId">Lab id.</param>
/// <param name="StartedAt">When Start was pressed.</param>
/// <param name="EndedAt">When it stopped or failed; null while it runs (or if the server died first).</param>
/// <param name="EndState">"Stopped" or "Failed" once ended.</param>
/// <param name="EndReason">Why it ended: the stop reason or the start error.</param>
public sealed record SessionRecord(string Id, string User, string LabId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? EndState, string? EndReason);
