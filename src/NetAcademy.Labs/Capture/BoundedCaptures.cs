using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Capture;

/// <summary>
/// The grader's captures (<see cref="INodeCapture"/>): each is a <see cref="CaptureSession"/>, the packet table's own
/// capture, so a traffic check runs the same program in the node (tcpdump, or the packet-socket helper where tcpdump
/// cannot run), reads its untrusted output under the same bounds (block size, blocks without a packet, bytes per
/// second from <see cref="CaptureOptions"/>) and keeps the same frames, 802.1Q tags included. On top of those it is
/// bounded in time and packet count, and keeps nothing for the page. Not counted against the learner's captures.
/// </summary>
public sealed class BoundedCaptures : INodeCapture
{
    /// <summary>Seconds the node's own <c>timeout</c> lets a capture run past its duration, should the server go away.</summary>
    private static readonly TimeSpan NodeSideSlack = TimeSpan.FromSeconds(5);

    private readonly CaptureOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public BoundedCaptures(IOptions<CaptureOptions> options, TimeProvider time, ILogger<BoundedCaptures> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <exception cref="CaptureException">The capture could not start; its <see cref="NodeCaptureException.Failure"/> says whose fault.</exception>
    public async Task<IBoundedCapture> StartAsync(INodeShell shell, NodeCaptureSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.MaxPackets);
        CaptureValidation.ValidateInterface(spec.Interface);
        CaptureValidation.ValidateNetns(spec.Netns);
        var snap = Math.Clamp(spec.SnapLength, 64, 262_144);
        var options = new CaptureOptions
        {
            MaxCapturesPerSession = _options.MaxCapturesPerSession,
            // Room for every packet it may keep, within the packet table's own bound.
            RingBytes = (int)Math.Clamp((long)spec.MaxPackets * (snap + PcapRing.RecordHeaderLength), 64 * 1024, _options.RingBytes),
            MaxRowsPerSecond = _options.MaxRowsPerSecond,
            MaxDuration = spec.Duration + NodeSideSlack,
            StartTimeout = spec.StartTimeout,
            MaxFilterLength = _options.MaxFilterLength,
            SnapLength = snap,
            MaxRowBytes = _options.MaxRowBytes,
            SubscriberQueue = _options.SubscriberQueue,
            RecentRows = 0,
            MaxBytesPerSecond = _options.MaxBytesPerSecond,
            Mode = _options.Mode,
        };
        // No lab session id: a check's shell is already bound to its session, and the capture is never listed or streamed.
        var request = new CaptureRequest(default, [spec.Node], spec.Node, spec.Netns, spec.Interface, null);
        var id = "check-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var capture = new CaptureSession(id, request, null, options, shell, _time, _logger) { MaxPackets = spec.MaxPackets };
        try
        {
            await capture.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await capture.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return new Running(capture, _time.GetTimestamp() + (long)(spec.Duration.TotalSeconds * _time.TimestampFrequency), _time);
    }

    private sealed class Running(CaptureSession capture, long endTimestamp, TimeProvider time) : IBoundedCapture
    {
        public async Task<NodeCaptureResult> FinishAsync(CancellationToken cancellationToken)
        {
            try
            {
                var left = time.GetElapsedTime(time.GetTimestamp(), endTimestamp);
                if (left > TimeSpan.Zero)
                {
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var wait = Task.Delay(left, time, stop.Token);
                    await Task.WhenAny(wait, capture.Full, capture.Completion).ConfigureAwait(false);
                    await stop.CancelAsync().ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            finally
            {
                await capture.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            var info = capture.Info();
            return new NodeCaptureResult(capture.ToPcap(), capture.Full.IsCompleted || info.DroppedPackets > 0,
                info.State == CaptureState.Failed ? info.Error ?? "the capture failed" : null);
        }

        public async ValueTask DisposeAsync() => await capture.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
