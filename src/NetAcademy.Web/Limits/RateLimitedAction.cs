namespace NetAcademy.Web.Limits;

/// <summary>The calls that make the server run programs in a lab's nodes, rate-limited per user.</summary>
public enum RateLimitedAction
{
    /// <summary>Check: runs a task's checks.</summary>
    Check,

    /// <summary>A graph read: discovers the interfaces of every node.</summary>
    GraphRead,

    /// <summary>A capture start: runs tcpdump in a node.</summary>
    CaptureStart,

    /// <summary>A netfilter trace: adds the platform's trace table and runs nft monitor in a node.</summary>
    Trace,
}
