namespace NetAcademy.Core.Graph;

/// <summary>VXLAN parameters of an interface, as <c>ip -d link</c> reports them.</summary>
/// <param name="Id">VXLAN network identifier.</param>
/// <param name="Local">Local address, when set.</param>
/// <param name="Remote">Unicast remote, when set.</param>
/// <param name="Group">Multicast group, when set.</param>
/// <param name="Dev">Underlay device name (<c>dev</c>), when set.</param>
/// <param name="Port">UDP destination port, when reported.</param>
public sealed record VxlanInfo(long? Id, string? Local, string? Remote, string? Group, string? Dev, int? Port);
