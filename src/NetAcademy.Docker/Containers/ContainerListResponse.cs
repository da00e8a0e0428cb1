using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>One entry of <c>GET /containers/json</c>.</summary>
public sealed class ContainerListResponse
{
    /// <summary>Full container id.</summary>
    [JsonPropertyName("Id")]
    public string ID { get; set; } = string.Empty;

    /// <summary>Names, each with Docker's leading slash; never null.</summary>
    public IList<string> Names { get; set => field = value ?? []; } = [];

    /// <summary>Image reference.</summary>
    public string Image { get; set; } = string.Empty;

    /// <summary>State word, e.g. <c>running</c> or <c>exited</c>.</summary>
    public string State { get; set; } = string.Empty;

    /// <summary>Human status, e.g. <c>Up 3 minutes</c>.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>Labels; never null.</summary>
    public IDictionary<string, string> Labels { get; set => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();
}
