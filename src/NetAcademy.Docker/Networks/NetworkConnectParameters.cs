namespace NetAcademy.Docker.Models;

/// <summary>Body of <c>POST /networks/{id}/connect</c>.</summary>
public sealed class NetworkConnectParameters
{
    /// <summary>Container id or name. Required.</summary>
    public string Container { get; set; } = string.Empty;

    /// <summary>Static address and aliases on this network.</summary>
    public EndpointSettings? EndpointConfig { get; set; }
}
