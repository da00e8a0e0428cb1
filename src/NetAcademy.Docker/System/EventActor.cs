using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>The object an event is about.</summary>
public sealed class EventActor
{
    /// <summary>Id of the container, network, image...</summary>
    [JsonPropertyName("ID")]
    public string ID { get; set; } = string.Empty;

    /// <summary>Attributes: for containers their labels plus <c>name</c> and <c>image</c>; never null.</summary>
    public IDictionary<string, string> Attributes { get; set => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();
}
