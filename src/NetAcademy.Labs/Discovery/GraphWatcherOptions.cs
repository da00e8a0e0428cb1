namespace NetAcademy.Labs.Discovery;

/// <summary>How the live interface graph of a watched session is kept fresh; bound from "Labs:Graph".</summary>
public sealed class GraphWatcherOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Labs:Graph";

    /// <summary>
    /// Wait after the first netlink event before a discovery pass, so a burst of changes (a setup script, a pasted
    /// block of commands) costs one pass. Default 150 ms.
    /// </summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// Interval of the backstop pass that catches what the monitors cannot see (a namespace created after they
    /// started, a monitor that died); it also restarts missing monitors. Default 5 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Least time before a monitor that ended is started again in the same namespace. Default 5 s.</summary>
    public TimeSpan MonitorRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most <c>ip monitor</c> execs one session runs (one per namespace of each node); namespaces beyond it are seen
    /// by the poll only. Default 64.
    /// </summary>
    public int MaxMonitorsPerSession { get; set; } = 64;

    /// <summary>Limits of each discovery pass.</summary>
    public InterfaceDiscoveryOptions Discovery { get; set; } = new();
}
