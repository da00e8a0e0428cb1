using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>Answer of <c>GET /containers/{id}/json</c> (the fields NetAcademy uses).</summary>
public sealed class ContainerInspectResponse
{
    /// <summary>Full container id.</summary>
    [JsonPropertyName("Id")]
    public string ID { get; set; } = string.Empty;

    /// <summary>Name with Docker's leading slash, e.g. <c>/lab-r1</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Image id the container was created from.</summary>
    public string Image { get; set; } = string.Empty;

    /// <summary>Run state.</summary>
    public ContainerState State { get; set => field = value ?? new(); } = new();

    /// <summary>Configuration the container was created with.</summary>
    public ContainerConfig Config { get; set => field = value ?? new(); } = new();

    /// <summary>Host-side settings in effect.</summary>
    public HostConfig HostConfig { get; set => field = value ?? new(); } = new();

    /// <summary>Network attachments.</summary>
    public NetworkSettings NetworkSettings { get; set => field = value ?? new(); } = new();
}
