using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>Answer of <c>POST /containers/{id}/exec</c>.</summary>
internal sealed class ExecCreateResponse
{
    [JsonPropertyName("Id")]
    public string ID { get; set; } = string.Empty;
}
