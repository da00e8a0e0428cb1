namespace NetAcademy.Packets.Formatting;

/// <summary>Names used in summaries; <c>null</c> means "print the number".</summary>
internal static class ProtocolNames
{
    public static string? IcmpType(int type) => type switch
    {
        0 => "echo reply",
        3 => "dest unreachable",
        4 => "source quench",
        5 => "redirect",
        8 => "echo request",
        9 => "router advertisement",
        10 => "router solicitation",
        11 => "time exceeded",
        12 => "parameter problem",
        13 => "timestamp request",
        14 => "timestamp reply",
        _ => null,
    };

    public static string? IcmpUnreachableCode(int code) => code switch
    {
        0 => "net",
        1 => "host",
        2 => "protocol",
        3 => "port",
        4 => "frag needed",
        5 => "source route failed",
        6 => "net unknown",
        7 => "host unknown",
        9 => "net prohibited",
        10 => "host prohibited",
        13 => "admin prohibited",
        _ => null,
    };

    public static string? Icmpv6Type(int type) => type switch
    {
        1 => "dest unreachable",
        2 => "packet too big",
        3 => "time exceeded",
        4 => "parameter problem",
        128 => "echo request",
        129 => "echo reply",
        130 => "MLD query",
        131 => "MLD report",
        132 => "MLD done",
        133 => "router solicitation",
        134 => "router advertisement",
        135 => "neighbor solicitation",
        136 => "neighbor advertisement",
        137 => "redirect",
        143 => "MLDv2 report",
        _ => null,
    };

    public static string? Icmpv6UnreachableCode(int code) => code switch
    {
        0 => "no route",
        1 => "admin prohibited",
        3 => "address",
        4 => "port",
        _ => null,
    };

    public static string? DnsType(int type) => type switch
    {
        1 => "A",
        2 => "NS",
        5 => "CNAME",
        6 => "SOA",
        12 => "PTR",
        15 => "MX",
        16 => "TXT",
        28 => "AAAA",
        33 => "SRV",
        41 => "OPT",
        64 => "SVCB",
        65 => "HTTPS",
        255 => "ANY",
        _ => null,
    };

    public static string? DnsResponseCode(int code) => code switch
    {
        0 => "NoError",
        1 => "FormErr",
        2 => "ServFail",
        3 => "NXDomain",
        4 => "NotImp",
        5 => "Refused",
        _ => null,
    };

    public static string IPv6Extension(int type) => type switch
    {
        0 => "hop",
        43 => "rt",
        44 => "frag",
        51 => "ah",
        60 => "dst",
        _ => "ext",
    };

    public static string TunnelName(int outerVersion, int innerProtocol) => (outerVersion, innerProtocol) switch
    {
        (4, 4) => "IPIP",
        (4, _) => "6in4",
        (_, 4) => "4in6",
        _ => "6in6",
    };

    public static string VlanName(int tpid) => tpid switch
    {
        0x8100 => "802.1Q",
        0x88A8 => "802.1ad",
        _ => "VLAN",
    };
}
