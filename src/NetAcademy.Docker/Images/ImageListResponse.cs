using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>One entry of <c>GET /images/json</c>.</summary>
public sealed class ImageListResponse
{
    /// <summary>Image id, <c>sha256:...</c>.</summary>
    [JsonPropertyName("Id")]
    public string ID { get; set; } = string.Empty;

    /// <summary>Tags; never null (Docker sends null for dangling images).</summary>
    public IList<string> RepoTags { get; set => field = value ?? []; } = [];

    /// <summary>Labels; never null.</summary>
    public IDictionary<string, string> Labels { get; set => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();

    /// <summary>Build time as Unix seconds.</summary>
    public long Created { get; set; }

    /// <summary>Size in bytes.</summary>
    public long Size { get; set; }
}
