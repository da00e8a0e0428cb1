namespace NetAcademy.Labs.Capture;

/// <summary>
/// One second of a capture that came faster than rows are shown: how many packets arrived, how many rows were
/// shown, and the busiest flows among the packets not shown.
/// </summary>
/// <param name="PacketsPerSecond">Packets captured in the second.</param>
/// <param name="ShownPerSecond">Rows shown in the second.</param>
/// <param name="Flows">Packets not shown, grouped by flow, busiest first (at most a few dozen).</param>
/// <param name="OtherPackets">Packets not shown that belong to flows left out of <paramref name="Flows"/>.</param>
/// <param name="Message">What the page shows, e.g. "sampling: 5123 pkt/s, showing 200/s".</param>
public sealed record CaptureSampling(long PacketsPerSecond, long ShownPerSecond, IReadOnlyList<FlowCount> Flows, long OtherPackets, string Message);
