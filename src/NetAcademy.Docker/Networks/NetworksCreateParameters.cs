namespace NetAcademy.Docker.Models;

/// <summary>Body of <c>POST /networks/create</c>.</summary>
public sealed class NetworksCreateParameters
{
    /// <summary>Network name. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Network driver. Default: <c>bridge</c>.</summary>
    public string Driver { get; set; } = "bridge";

    /// <summary>No route to the outside world: containers reach only each other. Default: false.</summary>
    public bool Internal { get; set; }

    /// <summary>Allow containers to attach manually (swarm overlay networks only).</summary>
    public bool Attachable { get; set; }

    /// <summary>Enable IPv6 on the network.</summary>
    public bool EnableIPv6 { get; set; }

    /// <summary>Refuse to create when a network with the same name exists. Default: true.</summary>
    public bool CheckDuplicate { get; set; } = true;

    /// <summary>Labels of the network.</summary>
    public IDictionary<string, string>? Labels { get; set; }

    /// <summary>Address management: subnets and gateways. Null lets Docker pick a subnet.</summary>
    public IPAM? IPAM { get; set; }

    /// <summary>Driver options, e.g. <c>com.docker.network.bridge.enable_icc</c>.</summary>
    public IDictionary<string, string>? Options { get; set; }
}
