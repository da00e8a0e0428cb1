namespace NetAcademy.Core.Labs.Netfilter;

/// <summary>What a <see cref="TraceCheck"/> expects to have happened to the traced packet in its chain.</summary>
public enum TraceExpectation
{
    /// <summary>A rule or the policy of the chain dropped it (<c>expect: dropped</c>; a REJECT is a drop too).</summary>
    Dropped,
    /// <summary>A rule or the policy of the chain accepted it (<c>expect: accepted</c>).</summary>
    Accepted,
    /// <summary>A NAT rule of the chain rewrote it (<c>expect: nat</c>, optionally to <see cref="TraceCheck.NatTo"/>).</summary>
    Nat,
}
