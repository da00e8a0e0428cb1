namespace NetAcademy.Core.Labs.Traffic;

/// <summary>Which end of a layer an address or port condition tests.</summary>
public enum TrafficEndpoint
{
    /// <summary>The source (<c>src=</c>, <c>sport=</c>, the left of <c>A &gt; B</c>).</summary>
    Source,

    /// <summary>The destination (<c>dst=</c>, <c>dport=</c>, the right of <c>A &gt; B</c>).</summary>
    Destination,

    /// <summary>Either end (<c>host=</c>, <c>port=</c>).</summary>
    Either,
}
