namespace NetAcademy.Labs.Discovery;

/// <summary>Limits of one discovery pass.</summary>
public sealed class InterfaceDiscoveryOptions
{
    /// <summary>Time allowed for each exec in a node. Default 10 seconds.</summary>
    public TimeSpan ExecTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Nodes read at the same time. Default 4.</summary>
    public int MaxParallelNodes { get; set; } = 4;

    /// <summary>Named namespaces read per node; more are left out with a diagnostic. Default 32.</summary>
    public int MaxNamespacesPerNode { get; set; } = 32;
}
