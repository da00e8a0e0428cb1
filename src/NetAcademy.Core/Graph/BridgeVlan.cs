namespace NetAcademy.Core.Graph;

/// <summary>
/// A VLAN a bridge port (or the bridge itself) is a member of, as <c>bridge -j vlan show</c> lists it: one id, or a
/// range of consecutive ids with the same flags (iproute2 prints <c>vlan</c> and <c>vlanEnd</c> for a range).
/// </summary>
/// <param name="First">The VLAN id, or the first of the range (1-4094).</param>
/// <param name="Last">The last id of the range; <paramref name="First"/> for a single VLAN.</param>
/// <param name="Pvid">The port's PVID: untagged frames that arrive on the port belong to this VLAN.</param>
/// <param name="Untagged">Egress untagged: frames of this VLAN leave the port without a tag.</param>
public sealed record BridgeVlan(int First, int Last, bool Pvid, bool Untagged)
{
    /// <summary>The lowest and highest VLAN id 802.1Q allows (0 and 4095 are reserved).</summary>
    public const int MinId = 1, MaxId = 4094;

    /// <summary>True when <paramref name="id"/> is this VLAN or inside this range.</summary>
    public bool Contains(int id) => id >= First && id <= Last;

    /// <inheritdoc />
    public override string ToString() =>
        (First == Last ? $"{First}" : $"{First}-{Last}") + (Pvid ? " PVID" : "") + (Untagged ? " untagged" : " tagged");
}
