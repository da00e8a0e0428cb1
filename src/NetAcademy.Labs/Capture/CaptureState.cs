namespace NetAcademy.Labs.Capture;

/// <summary>Lifecycle of a capture.</summary>
public enum CaptureState
{
    /// <summary>The capture program is starting in the node.</summary>
    Starting,

    /// <summary>Packets are being captured.</summary>
    Running,

    /// <summary>Stopped by the learner, the session's end or the capture's time limit.</summary>
    Stopped,

    /// <summary>The capture program failed; see the error.</summary>
    Failed,
}
