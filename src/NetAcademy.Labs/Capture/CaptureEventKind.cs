namespace NetAcademy.Labs.Capture;

/// <summary>What a <see cref="CaptureEvent"/> carries.</summary>
public enum CaptureEventKind
{
    /// <summary>One packet row (<see cref="CaptureEvent.Packet"/>).</summary>
    Packet,

    /// <summary>Packets came faster than rows are shown: counts per flow for the last second (<see cref="CaptureEvent.Sampling"/>).</summary>
    Sampling,

    /// <summary>The capture's state or counters changed (<see cref="CaptureEvent.Status"/>); the last event of a stream is one in a final state.</summary>
    Status,
}
