using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>Answer of <c>POST /networks/create</c>.</summary>
public sealed class NetworksCreateResponse
{
    /// <summary>Id of the new network.</summary>
    [JsonPropertyName("Id")]
    public string ID { get; set; } = string.Empty;

    /// <summary>Warning from the daemon, or empty.</summary>
    public string? Warning { get; set; }
}
