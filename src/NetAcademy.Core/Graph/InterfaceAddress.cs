using System.Net;

namespace NetAcademy.Core.Graph;

/// <summary>An address configured on an interface.</summary>
/// <param name="Address">The local address.</param>
/// <param name="PrefixLength">Prefix length.</param>
/// <param name="Scope">Kernel scope (<c>global</c>, <c>link</c>, <c>host</c>), when given.</param>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength, string? Scope)
{
    /// <summary>True for an IPv6 address.</summary>
    public bool IsIPv6 => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    /// <summary>CIDR form, e.g. <c>10.0.0.1/24</c>.</summary>
    public override string ToString() => $"{Address}/{PrefixLength}";
}
