using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>Answer of <c>POST /containers/create</c>.</summary>
public sealed class CreateContainerResponse
{
    /// <summary>Id of the new container.</summary>
    [JsonPropertyName("Id")]
    public string ID { get; set; } = string.Empty;

    /// <summary>Warnings from the daemon, e.g. an unsupported limit; never null.</summary>
    public IList<string> Warnings { get; set => field = value ?? []; } = [];
}
