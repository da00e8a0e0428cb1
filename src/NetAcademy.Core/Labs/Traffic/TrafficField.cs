namespace NetAcademy.Core.Labs.Traffic;

/// <summary>A numeric header field a <see cref="FieldCondition"/> compares with a value.</summary>
public enum TrafficField
{
    /// <summary>IPv4 protocol or IPv6 next header (<c>proto=</c>); on an IP-in-IP marker, the inner IP protocol (4 or 41).</summary>
    Protocol,

    /// <summary>On an IP-in-IP marker, the version of the outer IP header (4 or 6).</summary>
    OuterIPVersion,

    /// <summary>ICMP or ICMPv6 type (<c>type=</c> or a keyword such as <c>echo-request</c>).</summary>
    IcmpType,

    /// <summary>ICMP or ICMPv6 code (<c>code=</c>).</summary>
    IcmpCode,

    /// <summary>VXLAN or Geneve network identifier (<c>vni=</c>).</summary>
    Vni,

    /// <summary>802.1Q VLAN id (<c>vid=</c>).</summary>
    VlanId,

    /// <summary>GRE key (<c>key=</c>); only packets that carry a key match.</summary>
    GreKey,

    /// <summary>ARP opcode: 1 for <c>request</c>, 2 for <c>reply</c>.</summary>
    ArpOpcode,

    /// <summary>DNS QR bit: 0 for <c>query</c>, 1 for <c>response</c>.</summary>
    DnsResponse,
}
