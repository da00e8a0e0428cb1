namespace NetAcademy.Core.Graph;

/// <summary>Endpoints of an IP tunnel (IPIP, GRE and friends).</summary>
/// <param name="Local">Local address, when set.</param>
/// <param name="Remote">Remote address, when set.</param>
/// <param name="Dev">Underlay device name, when set.</param>
public sealed record TunnelInfo(string? Local, string? Remote, string? Dev);
