namespace NetAcademy.Docker.Models;

/// <summary>The <c>NetworkSettings</c> part of a container inspect answer.</summary>
public sealed class NetworkSettings
{
    /// <summary>Network name to the container's endpoint on it; never null.</summary>
    public IDictionary<string, EndpointSettings> Networks { get; set => field = value ?? new Dictionary<string, EndpointSettings>(); } = new Dictionary<string, EndpointSettings>();
}
