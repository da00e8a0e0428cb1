namespace NetAcademy.Docker.Models;

/// <summary>Networks to attach a container to when it is created.</summary>
public sealed class NetworkingConfig
{
    /// <summary>Network name or id to endpoint settings.</summary>
    public IDictionary<string, EndpointSettings>? EndpointsConfig { get; set; }
}
