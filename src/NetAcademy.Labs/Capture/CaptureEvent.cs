namespace NetAcademy.Labs.Capture;

/// <summary>One item of a capture's live stream; exactly one of the payloads is set, as <see cref="Kind"/> says.</summary>
/// <param name="Kind">Which payload is set.</param>
/// <param name="Packet">A packet row.</param>
/// <param name="Sampling">Per-flow counts while sampling.</param>
/// <param name="Status">State and counters.</param>
public sealed record CaptureEvent(CaptureEventKind Kind, CapturedPacket? Packet = null, CaptureSampling? Sampling = null, CaptureInfo? Status = null);
