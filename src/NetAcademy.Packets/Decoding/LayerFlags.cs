namespace NetAcademy.Packets.Decoding;

/// <summary>Per-layer conditions found while decoding.</summary>
[Flags]
public enum LayerFlags : byte
{
    /// <summary>Nothing special.</summary>
    None = 0,

    /// <summary>The layer is truncated or inconsistent; fields past the damage are not filled.</summary>
    Malformed = 1,

    /// <summary>The layer belongs to the offending packet quoted inside an ICMP or ICMPv6 error.</summary>
    Quoted = 2,

    /// <summary>The IP layer is a fragment (more-fragments set or a non-zero offset).</summary>
    Fragment = 4,

    /// <summary>Only the first bytes of the header were present (normal inside an ICMP error or a first fragment).</summary>
    Partial = 8,
}
