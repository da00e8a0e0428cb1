using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Capture;

/// <summary>
/// Every live packet capture of this server: starts them (validated, at most
/// <see cref="CaptureOptions.MaxCapturesPerSession"/> running per lab session), finds them for streaming and
/// download, stops them one by one or all of a session when it ends. A singleton.
/// </summary>
/// <remarks>
/// Ended captures stay available for download until their session ends, up to twice the running limit per
/// session; beyond that the oldest ended capture is forgotten when a new one starts.
/// </remarks>
public sealed class CaptureManager : IAsyncDisposable
{
    private readonly ILabRuntime _runtime;
    private readonly CaptureOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CaptureManager> _logger;
    private readonly NetAcademy.Core.Diagnostics.NetAcademyMetrics? _metrics;
    private readonly ConcurrentDictionary<string, CaptureSession> _captures = new();
    private readonly Lock _gate = new();

    // A capture's start is a program started in the node (runc, dockerd, containerd at once), the heaviest step of a
    // capture. A class pressing Capture together started them all at once: on two cores that burst delayed every
    // learner's typing (the slow keys of the classroom benchmark came with it). Starts beyond this many wait their
    // turn; a running capture costs nothing here. (The engine's refusals at 100 learners were not the burst but the
    // kernel key quota of the remapped root, which every running exec draws on: deploy/ensure-docker.sh raises it.)
    private readonly SemaphoreSlim _startGate = new(Math.Max(2, Environment.ProcessorCount));

    /// <summary>Creates the manager.</summary>
    public CaptureManager(ILabRuntime runtime, IOptions<CaptureOptions> options, TimeProvider time, ILogger<CaptureManager> logger,
        NetAcademy.Core.Diagnostics.NetAcademyMetrics? metrics = null)
    {
        _metrics = metrics;
        _runtime = runtime;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The options in use.</summary>
    public CaptureOptions Options => _options;

    /// <summary>Starts a capture and returns it once the capture program listens.</summary>
    /// <param name="request">Where to capture and with which filter.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="CaptureException">
    /// Bad interface, namespace or filter (tcpdump's own verdict included), missing interface or namespace,
    /// node not part of the session or not running, or too many captures; the message says which.
    /// </exception>
    public async Task<CaptureSession> StartAsync(CaptureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Nodes.Contains(request.Node))
        {
            throw new CaptureException($"The lab has no node {request.Node}.");
        }
        CaptureValidation.ValidateInterface(request.Interface);
        CaptureValidation.ValidateNetns(request.Netns);
        var filter = CaptureValidation.NormalizeFilter(request.Filter, _options.MaxFilterLength);

        CaptureSession capture;
        lock (_gate)
        {
            var mine = _captures.Values.Where(c => c.Session == request.Session).ToList();
            var running = mine.Count(c => c.IsActive);
            if (running >= _options.MaxCapturesPerSession)
            {
                throw new CaptureException(
                    $"{running} captures are already running in this lab, the most allowed at once. Stop one to start another.");
            }
            foreach (var old in mine.Where(c => !c.IsActive).OrderBy(c => c.StartedAt).Take(Math.Max(0, mine.Count + 1 - (2 * _options.MaxCapturesPerSession))))
            {
                _captures.TryRemove(old.Id, out _);
            }
            capture = new CaptureSession(NewId(), request, filter, _options, _runtime.GetShell(request.Session, request.Nodes), _time, _logger)
            {
                Metrics = _metrics,
            };
            _captures[capture.Id] = capture;
        }

        try
        {
            await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await capture.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _startGate.Release();
            }
            return capture;
        }
        catch
        {
            _captures.TryRemove(capture.Id, out _);
            await capture.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The capture with that id when it belongs to <paramref name="session"/>; null otherwise.</summary>
    public CaptureSession? Find(SessionId session, string captureId) =>
        captureId is not null && _captures.TryGetValue(captureId, out var capture) && capture.Session == session ? capture : null;

    /// <summary>The session's captures, running and ended, oldest first.</summary>
    public IReadOnlyList<CaptureSession> ForSession(SessionId session) =>
        _captures.Values.Where(c => c.Session == session).OrderBy(c => c.StartedAt).ToList();

    /// <summary>Stops a capture of the session; it stays available for download.</summary>
    /// <returns>False when the session has no such capture.</returns>
    public async Task<bool> StopAsync(SessionId session, string captureId, CancellationToken cancellationToken)
    {
        if (Find(session, captureId) is not { } capture)
        {
            return false;
        }
        await capture.StopAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Stops and forgets every capture of a session (called when the session stops).</summary>
    public async Task EndSessionAsync(SessionId session, CancellationToken cancellationToken)
    {
        var captures = _captures.Values.Where(c => c.Session == session).ToList();
        foreach (var capture in captures)
        {
            _captures.TryRemove(capture.Id, out _);
        }
        await Task.WhenAll(captures.Select(c => c.StopAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Stops every capture.</summary>
    public async ValueTask DisposeAsync()
    {
        var captures = _captures.Values.ToList();
        _captures.Clear();
        await Task.WhenAll(captures.Select(c => c.StopAsync(CancellationToken.None))).ConfigureAwait(false);
    }

    private static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
}
