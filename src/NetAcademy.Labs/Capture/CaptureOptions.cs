using System.ComponentModel.DataAnnotations;

namespace NetAcademy.Labs.Capture;

/// <summary>Options of live packet captures, bound from the "Labs:Capture" configuration section.</summary>
public sealed class CaptureOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Labs:Capture";

    /// <summary>Captures one lab session may run at once. Default 4.</summary>
    [Range(1, 64)]
    public int MaxCapturesPerSession { get; set; } = 4;

    /// <summary>Bytes of raw pcap kept per capture for download; the oldest packets go first. Default 8 MiB.</summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int RingBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Packet rows per second sent to the page before it switches to sampling with per-flow counts. Default 200.</summary>
    [Range(1, 10_000)]
    public int MaxRowsPerSecond { get; set; } = 200;

    /// <summary>Longest a capture runs before the node ends it by itself (run under <c>timeout</c>). Default 30 min.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Time the capture program may take to start listening. Default 15 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest capture filter accepted, in characters. Default 512.</summary>
    [Range(1, 4096)]
    public int MaxFilterLength { get; set; } = 512;

    /// <summary>Bytes captured per packet (tcpdump's <c>-s</c>). Default 262144, tcpdump's own default.</summary>
    [Range(64, 262_144)]
    public int SnapLength { get; set; } = 262_144;

    /// <summary>Bytes of each shown packet sent to the page for the hex view. Default 2048.</summary>
    [Range(64, 65_536)]
    public int MaxRowBytes { get; set; } = 2048;

    /// <summary>Events queued per subscriber (page) before newer ones are dropped and counted. Default 1024.</summary>
    [Range(16, 100_000)]
    public int SubscriberQueue { get; set; } = 1024;

    /// <summary>Recent rows kept per capture so a page that (re)subscribes sees what it missed. Default 500.</summary>
    [Range(0, 10_000)]
    public int RecentRows { get; set; } = 500;

    /// <summary>
    /// Bytes per second read from one capture program (stdout and stderr together; a token bucket with a burst of
    /// 1 MiB). Past it the reader waits, so a program that writes faster is held by its pipe and the node's kernel
    /// drops packets, as tcpdump's own buffer does under a flood. Bounds the server's CPU per capture. Default 32 MiB/s.
    /// </summary>
    [Range(64 * 1024, 1024 * 1024 * 1024)]
    public int MaxBytesPerSecond { get; set; } = 32 * 1024 * 1024;

    /// <summary>How the capture program runs in the node. Default <see cref="CaptureMode.Auto"/>.</summary>
    public CaptureMode Mode { get; set; } = CaptureMode.Auto;
}
