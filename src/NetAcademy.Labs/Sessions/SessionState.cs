namespace NetAcademy.Labs.Sessions;

/// <summary>Where a lab session stands.</summary>
public enum SessionState
{
    /// <summary>Networks, nodes and setup are being made.</summary>
    Starting,
    /// <summary>Every node runs and setup passed.</summary>
    Ready,
    /// <summary>A start step failed; everything was removed. See the session's error and output.</summary>
    Failed,
    /// <summary>Being removed.</summary>
    Stopping,
    /// <summary>Removed.</summary>
    Stopped,
}
