using System.ComponentModel.DataAnnotations;

namespace NetAcademy.Web.Limits;

/// <summary>
/// Caps on what one learner may hold open and how often they may run the expensive calls (section <c>Limits</c>).
/// Streams are counted per hub connection (one workspace page) and per user (all their pages and observations
/// together); the per-user number leaves room for a second tab and for a page that reconnects before the server
/// has noticed its old connection is gone. Rates are per user per minute.
/// </summary>
public sealed class UsageLimitsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Limits";

    /// <summary>
    /// Open terminal streams per connection (default 28: every shell of the largest lab on one page, 7 nodes with
    /// the 4 shells a node may have, <see cref="Terminals.TerminalRegistry.MaxShellsPerNode"/>).
    /// </summary>
    [Range(1, 1000)]
    public int TerminalsPerConnection { get; set; } = 28;

    /// <summary>Open terminal streams per user, workspace and observation together (default 56: two such pages).</summary>
    [Range(1, 1000)]
    public int TerminalsPerUser { get; set; } = 56;

    /// <summary>Open capture (packet) streams per connection (default 4, the captures a session may run).</summary>
    [Range(1, 1000)]
    public int CaptureStreamsPerConnection { get; set; } = 4;

    /// <summary>Open capture streams per user (default 8).</summary>
    [Range(1, 1000)]
    public int CaptureStreamsPerUser { get; set; } = 8;

    /// <summary>Open live graph streams per connection (default 2; a page has one).</summary>
    [Range(1, 1000)]
    public int GraphStreamsPerConnection { get; set; } = 2;

    /// <summary>Open live graph streams per user (default 4).</summary>
    [Range(1, 1000)]
    public int GraphStreamsPerUser { get; set; } = 4;

    /// <summary>Check presses (each runs the task's checks in the nodes) per user per minute (default 30).</summary>
    [Range(1, 100_000)]
    public int ChecksPerMinute { get; set; } = 30;

    /// <summary>Graph reads (a live graph subscription or <c>GET /api/sessions/{id}/graph</c>, each a discovery in every node) per user per minute (default 60).</summary>
    [Range(1, 100_000)]
    public int GraphReadsPerMinute { get; set; } = 60;

    /// <summary>Capture starts (each runs tcpdump in a node) per user per minute (default 20).</summary>
    [Range(1, 100_000)]
    public int CaptureStartsPerMinute { get; set; } = 20;

    /// <summary>Netfilter traces (each adds a table and runs <c>nft monitor</c> in a node) per user per minute (default 10).</summary>
    [Range(1, 100_000)]
    public int TracesPerMinute { get; set; } = 10;
}
