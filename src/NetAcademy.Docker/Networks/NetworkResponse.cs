using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>A network as returned by inspect and list.</summary>
public sealed class NetworkResponse
{
    /// <summary>Network name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Full network id.</summary>
    [JsonPropertyName("Id")]
    public string ID { get; set; } = string.Empty;

    /// <summary>When it was created.</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary><c>local</c> or <c>swarm</c>.</summary>
    public string? Scope { get; set; }

    /// <summary>Driver, e.g. <c>bridge</c>.</summary>
    public string Driver { get; set; } = string.Empty;

    /// <summary>Whether IPv6 is enabled.</summary>
    public bool EnableIPv6 { get; set; }

    /// <summary>Whether the network is internal (no outside route).</summary>
    public bool Internal { get; set; }

    /// <summary>Whether manual attach is allowed.</summary>
    public bool Attachable { get; set; }

    /// <summary>Address management in effect.</summary>
    public IPAM IPAM { get; set => field = value ?? new(); } = new();

    /// <summary>Attached containers by container id (filled by inspect, empty in lists); never null.</summary>
    public IDictionary<string, EndpointResource> Containers { get; set => field = value ?? new Dictionary<string, EndpointResource>(); } = new Dictionary<string, EndpointResource>();

    /// <summary>Driver options; never null.</summary>
    public IDictionary<string, string> Options { get; set => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();

    /// <summary>Labels; never null.</summary>
    public IDictionary<string, string> Labels { get; set => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();
}
