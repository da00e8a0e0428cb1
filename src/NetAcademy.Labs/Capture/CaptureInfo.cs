namespace NetAcademy.Labs.Capture;

/// <summary>State and counters of a capture.</summary>
/// <param name="Id">Capture id, unique within the server.</param>
/// <param name="Node">Node captured in.</param>
/// <param name="Netns">Network namespace inside the node, or null.</param>
/// <param name="Interface">Interface captured on.</param>
/// <param name="Filter">The filter, or null.</param>
/// <param name="State">Lifecycle state.</param>
/// <param name="Error">Why the capture failed or stopped early, for the learner; null otherwise.</param>
/// <param name="StartedAt">When the capture was requested.</param>
/// <param name="Packets">Packets captured so far.</param>
/// <param name="StoredPackets">Packets in the download buffer.</param>
/// <param name="DroppedPackets">Oldest packets dropped from the download buffer to make room.</param>
/// <param name="Sampling">True while packets come faster than rows are shown.</param>
public sealed record CaptureInfo(
    string Id, string Node, string? Netns, string Interface, string? Filter, CaptureState State, string? Error,
    DateTimeOffset StartedAt, long Packets, long StoredPackets, long DroppedPackets, bool Sampling);
