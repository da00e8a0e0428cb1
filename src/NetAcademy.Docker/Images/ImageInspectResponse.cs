using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>Answer of <c>GET /images/{name}/json</c> (the fields NetAcademy uses).</summary>
public sealed class ImageInspectResponse
{
    /// <summary>Image id, <c>sha256:...</c>.</summary>
    [JsonPropertyName("Id")]
    public string ID { get; set; } = string.Empty;

    /// <summary>Tags pointing at the image; never null.</summary>
    public IList<string> RepoTags { get; set => field = value ?? []; } = [];

    /// <summary>When it was built.</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>Size in bytes.</summary>
    public long Size { get; set; }

    /// <summary>Default run configuration baked into the image.</summary>
    public ImageConfig Config { get; set => field = value ?? new(); } = new();
}
