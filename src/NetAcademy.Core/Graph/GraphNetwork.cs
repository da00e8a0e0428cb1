namespace NetAcademy.Core.Graph;

/// <summary>A session network (Docker network) joining node interfaces.</summary>
/// <param name="Id">Element id: <c>net:</c> and the name, so it can never clash with a node name.</param>
/// <param name="Name">The lab's network name.</param>
/// <param name="Subnet">Subnet in CIDR form, when known.</param>
public sealed record GraphNetwork(string Id, string Name, string? Subnet)
{
    /// <summary>The element id of a network.</summary>
    public static string IdOf(string name) => "net:" + name;
}
