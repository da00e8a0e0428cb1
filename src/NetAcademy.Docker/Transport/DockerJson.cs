using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Transport;

/// <summary>JSON settings shared by every request and response.</summary>
internal static class DockerJson
{
    /// <summary>
    /// Docker's keys are PascalCase like our properties, with a few oddities ("Id", "NanoCpus", "time")
    /// handled by case-insensitive reading and explicit names. Zero values are left out on writing
    /// because the daemon treats an absent field as its Go zero value anyway, and this keeps
    /// "unset" distinct from "set to something" for nullable options.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
