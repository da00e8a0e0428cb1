namespace NetAcademy.Core.Graph;

/// <summary>
/// A Docker network of the session that joins node interfaces. Nodes cannot see the other end of their leg
/// (it is in the host), so the runtime passes these facts to <see cref="InterfaceGraphBuilder"/>.
/// </summary>
/// <param name="Name">The lab's network name (not the Docker network's full name).</param>
/// <param name="Subnet">Subnet in CIDR form, when known.</param>
/// <param name="Members">The nodes on the network.</param>
public sealed record SessionNetworkInfo(string Name, string? Subnet, IReadOnlyList<SessionNetworkMember> Members);
