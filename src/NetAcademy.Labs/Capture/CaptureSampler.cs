using System.Globalization;

namespace NetAcademy.Labs.Capture;

/// <summary>
/// Decides, packet by packet, whether a row is shown: up to a fixed number per one-second window. Packets
/// beyond that are counted per flow, and when the window ends <see cref="Roll"/> returns the counts so the page
/// can say "sampling: 5123 pkt/s, showing 200/s". Memory is bounded: at most <c>maxFlows</c> flows are told
/// apart per window, the rest are summed.
/// </summary>
/// <remarks>Not thread-safe; the capture serialises calls.</remarks>
public sealed class CaptureSampler
{
    /// <summary>Length of a window in milliseconds.</summary>
    public const long WindowMilliseconds = 1000;

    private readonly int _maxRows;
    private readonly int _maxFlows;
    private readonly int _reportedFlows;
    private readonly Dictionary<FlowKey, Counter> _flows = [];
    private long _windowStart = long.MinValue;
    private long _packets;
    private long _shown;
    private long _other;

    /// <summary>Creates a sampler.</summary>
    /// <param name="maxRowsPerSecond">Rows shown per window.</param>
    /// <param name="maxFlows">Flows told apart per window.</param>
    /// <param name="reportedFlows">Busiest flows listed in a report.</param>
    public CaptureSampler(int maxRowsPerSecond, int maxFlows = 256, int reportedFlows = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRowsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFlows);
        _maxRows = maxRowsPerSecond;
        _maxFlows = maxFlows;
        _reportedFlows = reportedFlows;
    }

    /// <summary>True when the last finished window, or the current one, had more packets than rows.</summary>
    public bool IsSampling { get; private set; }

    /// <summary>
    /// Counts a packet in the window that contains <paramref name="nowMilliseconds"/> and says whether to show
    /// it as a row. Call <see cref="Roll"/> first so a finished window is reported.
    /// </summary>
    public bool Offer(long nowMilliseconds, in FlowKey flow, int length)
    {
        if (_windowStart == long.MinValue)
        {
            _windowStart = nowMilliseconds;
        }
        _packets++;
        if (_shown < _maxRows)
        {
            _shown++;
            return true;
        }

        IsSampling = true;
        if (_flows.TryGetValue(flow, out var counter))
        {
            counter.Packets++;
            counter.Bytes += length;
        }
        else if (_flows.Count < _maxFlows)
        {
            _flows[flow] = new Counter { Packets = 1, Bytes = length };
        }
        else
        {
            _other++;
        }
        return false;
    }

    /// <summary>
    /// Ends the window when <paramref name="nowMilliseconds"/> is past it. Returns the report when packets were
    /// left out in it, otherwise null.
    /// </summary>
    public CaptureSampling? Roll(long nowMilliseconds)
    {
        if (_windowStart == long.MinValue || nowMilliseconds - _windowStart < WindowMilliseconds)
        {
            return null;
        }

        CaptureSampling? report = null;
        if (_packets > _shown)
        {
            var seconds = Math.Max(1.0, (nowMilliseconds - _windowStart) / (double)WindowMilliseconds);
            var perSecond = (long)Math.Round(_packets / seconds);
            var flows = _flows
                .OrderByDescending(f => f.Value.Packets)
                .Select(f => new FlowCount(f.Key.ToString(), f.Value.Packets, f.Value.Bytes))
                .ToList();
            var listed = flows.Take(_reportedFlows).ToList();
            var other = _other + flows.Skip(_reportedFlows).Sum(f => f.Packets);
            report = new CaptureSampling(perSecond, _shown, listed, other,
                string.Create(CultureInfo.InvariantCulture, $"sampling: {perSecond} pkt/s, showing {_shown}/s"));
        }

        IsSampling = report is not null;
        _flows.Clear();
        _packets = 0;
        _shown = 0;
        _other = 0;
        _windowStart = long.MinValue;
        return report;
    }

    private sealed class Counter
    {
        public long Packets;
        public long Bytes;
    }
}
