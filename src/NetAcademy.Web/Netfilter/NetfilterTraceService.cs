using System.Collections.Concurrent;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs.Netfilter;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading.Netfilter;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Limits;

namespace NetAcademy.Web.Netfilter;

/// <summary>
/// Runs the workspace's netfilter traces (<see cref="NetfilterTracer"/>) for a learner's own session: validates the
/// request, counts it against <see cref="UsageLimitsOptions.TracesPerMinute"/>, lets one trace run per session at a
/// time (each trace keeps a monitor running in a node: one per session bounds what a learner can start) and turns every failure into a
/// <see cref="TraceRefusedException"/> with a sentence for the learner. The caller has checked ownership
/// (<see cref="SessionManager.GetOwned"/>). Thread-safe; one per process.
/// </summary>
public sealed class NetfilterTraceService
{
    /// <summary>Shortest trace, in seconds.</summary>
    public const int MinSeconds = 2;

    /// <summary>Longest trace, in seconds: the monitor runs in the node that long at most.</summary>
    public const int MaxSeconds = 20;

    private readonly ConcurrentDictionary<SessionId, byte> _running = new();
    private readonly ILabRuntime _runtime;
    private readonly SessionManager _sessions;
    private readonly UserRateLimits _limits;

    /// <summary>Creates the service.</summary>
    public NetfilterTraceService(ILabRuntime runtime, SessionManager sessions, UserRateLimits limits)
    {
        _runtime = runtime;
        _sessions = sessions;
        _limits = limits;
    }

    /// <summary>Whether a trace of the session is running now.</summary>
    public bool IsRunning(SessionId session) => _running.ContainsKey(session);

    /// <summary>
    /// Traces packets of the request's match in its node (and namespace) for its duration while the learner makes
    /// traffic, then returns every traced packet's path.
    /// </summary>
    /// <param name="session">The caller's own session.</param>
    /// <param name="user">The caller, for the rate limit.</param>
    /// <param name="request">What to trace, unvalidated.</param>
    /// <param name="cancellationToken">Abandons the trace: nothing is returned (the platform's table is still removed).</param>
    /// <param name="finishEarly">Ends the trace before its duration (the learner's Stop): what was traced so far is returned.</param>
    /// <exception cref="TraceRefusedException">The request is not valid, the lab is not ready, a trace runs already, the limit is reached, or nft failed.</exception>
    public async Task<TraceView> TraceAsync(LabSession session, string user, TraceRequest request, CancellationToken cancellationToken,
        CancellationToken finishEarly = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        if (!NodeName.TryParse(request.Node ?? "", out var node) || !session.NodeNames.Contains(node))
        {
            throw new TraceRefusedException("The lab has no such node.");
        }
        var netns = string.IsNullOrWhiteSpace(request.Netns) ? null : request.Netns.Trim();
        if (netns is not null && !NetnsName.IsValid(netns))
        {
            throw new TraceRefusedException($"'{Shorten(netns)}' is not a network namespace name (letters, digits, '.', '_' and '-').");
        }
        if (request.Seconds is < MinSeconds or > MaxSeconds)
        {
            throw new TraceRefusedException($"A trace lasts {MinSeconds} to {MaxSeconds} seconds.");
        }
        var match = request.ToMatch();
        if (match.Validate() is { } invalid)
        {
            throw new TraceRefusedException(invalid);
        }
        if (session.State != SessionState.Ready)
        {
            throw new TraceRefusedException("The lab is not ready yet.");
        }
        if (!_running.TryAdd(session.Id, 0))
        {
            throw new TraceRefusedException("A trace is already running in this lab: wait for it to end.");
        }
        try
        {
            if (_limits.Refusal(RateLimitedAction.Trace, user) is { } refusal)
            {
                throw new TraceRefusedException(refusal);
            }
            _sessions.Touch(session);
            var where = netns is null ? node.Value : $"{node} (netns {netns})";
            var tracer = new NetfilterTracer(_runtime.GetShell(session.Id, session.NodeNames));
            try
            {
                var result = await tracer.TraceAsync(node, netns, match, TimeSpan.FromSeconds(request.Seconds),
                    finishEarly.CanBeCanceled ? ct => WaitUntilFinishedEarlyAsync(finishEarly, ct) : null, cancellationToken);
                return TraceView.Of(where, match.ToString(), result);
            }
            catch (NetfilterTraceException ex)
            {
                // The message names the node and the reason; the node's own words (untrusted, already bounded) follow.
                throw new TraceRefusedException(ex.NetnsMissing ? $"{node} has no network namespace {netns}." : ex.Message + (ex.Detail is { } d ? " " + Shorten(d) : ""));
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                throw new TraceRefusedException($"The trace on {where} could not be taken: the node did not answer.");
            }
        }
        finally
        {
            _running.TryRemove(session.Id, out _);
        }
    }

    /// <summary>
    /// The trace's "action" when the learner may stop it: wait until they do (then the trace collects what it saw) or
    /// until the tracer's own deadline, whose cancellation the tracer takes as the end of the duration.
    /// </summary>
    private static async Task WaitUntilFinishedEarlyAsync(CancellationToken finishEarly, CancellationToken duration)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(duration, finishEarly);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException) when (finishEarly.IsCancellationRequested && !duration.IsCancellationRequested)
        {
            // Stopped by the learner: not a failure, the trace goes on to collect.
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "...";
}

/// <summary>A learner's trace request, as typed into the Trace panel (or sent to the hub); validated by <see cref="NetfilterTraceService"/>.</summary>
/// <param name="Node">The node.</param>
/// <param name="Netns">A network namespace in it, or empty for the node's own.</param>
/// <param name="Protocol">tcp, udp, icmp, icmpv6, or empty for any.</param>
/// <param name="Source">Source address or prefix, or empty.</param>
/// <param name="Destination">Destination address or prefix, or empty.</param>
/// <param name="Port">Destination port (tcp or udp), or null.</param>
/// <param name="Seconds">How long the trace listens (<see cref="NetfilterTraceService.MinSeconds"/>-<see cref="NetfilterTraceService.MaxSeconds"/>).</param>
public sealed record TraceRequest(string? Node, string? Netns, string? Protocol, string? Source, string? Destination, int? Port, int Seconds)
{
    /// <summary>The match: empty fields are left out.</summary>
    public TraceMatch ToMatch() => new(Blank(Protocol)?.ToLowerInvariant(), Blank(Source), Blank(Destination), null, Port);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>A trace was refused or failed; the message is for the learner.</summary>
public sealed class TraceRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TraceRefusedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public TraceRefusedException() : base("The trace was refused.")
    {
    }

    /// <summary>Creates the exception around another.</summary>
    public TraceRefusedException(string message, Exception inner) : base(message, inner)
    {
    }
}
