using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace NetAcademy.Web.Limits;

/// <summary>
/// Counts open hub streams (terminals, captures, graphs) per connection and per user with System.Threading.RateLimiting's
/// partitioned concurrency limiters, and refuses one past either cap with a <see cref="HubException"/> that says which
/// cap and what to do. A stream holds its slot from <see cref="Take"/> until the returned lease is disposed, which the
/// hub's iterator does however the stream ends (completed, cancelled by the page, or its connection closed).
/// Thread-safe; one per process. Partitions of users and connections that hold nothing are dropped by the limiter.
/// </summary>
public sealed class HubStreamSlots : IDisposable
{
    private readonly NetAcademy.Core.Diagnostics.NetAcademyMetrics? _metrics;
    private readonly Dictionary<HubStreamKind, (PartitionedRateLimiter<string> PerConnection, PartitionedRateLimiter<string> PerUser, int ConnectionCap, int UserCap)> _limiters;

    /// <summary>Creates the limiters from <see cref="UsageLimitsOptions"/>.</summary>
    /// <param name="options">The caps.</param>
    /// <param name="metrics">Where refusals are counted (quota terminals_per_connection, capture_streams_per_user, ...); none when null.</param>
    public HubStreamSlots(IOptions<UsageLimitsOptions> options, NetAcademy.Core.Diagnostics.NetAcademyMetrics? metrics = null)
    {
        _metrics = metrics;
        var o = options.Value;
        _limiters = new()
        {
            [HubStreamKind.Terminal] = Limiters(o.TerminalsPerConnection, o.TerminalsPerUser),
            [HubStreamKind.Capture] = Limiters(o.CaptureStreamsPerConnection, o.CaptureStreamsPerUser),
            [HubStreamKind.Graph] = Limiters(o.GraphStreamsPerConnection, o.GraphStreamsPerUser),
        };
    }

    /// <summary>Takes a slot for a stream of <paramref name="context"/>'s connection and user.</summary>
    /// <returns>The slot; dispose it when the stream ends.</returns>
    /// <exception cref="HubException">The connection or the user already holds the most streams of that kind allowed.</exception>
    public IDisposable Take(HubStreamKind kind, HubCallerContext context)
    {
        var (perConnection, perUser, connectionCap, userCap) = _limiters[kind];
        var connectionLease = perConnection.AttemptAcquire(context.ConnectionId);
        if (!connectionLease.IsAcquired)
        {
            connectionLease.Dispose();
            _metrics?.QuotaRefused(QuotaName(kind, "per_connection"));
            throw new HubException($"This page already has {connectionCap} {Noun(kind)} open, the most one page may have. Close one you do not need, or reload the page.");
        }
        var userLease = perUser.AttemptAcquire(context.User?.Identity?.Name ?? "");
        if (!userLease.IsAcquired)
        {
            userLease.Dispose();
            connectionLease.Dispose();
            _metrics?.QuotaRefused(QuotaName(kind, "per_user"));
            throw new HubException($"You already have {userCap} {Noun(kind)} open, the most one account may have. Close some in your other tabs or windows, then try again.");
        }
        return new Slot(connectionLease, userLease);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (perConnection, perUser, _, _) in _limiters.Values)
        {
            perConnection.Dispose();
            perUser.Dispose();
        }
    }

    private static string QuotaName(HubStreamKind kind, string scope) => kind switch
    {
        HubStreamKind.Terminal => "terminals_" + scope,
        HubStreamKind.Capture => "capture_streams_" + scope,
        _ => "graph_streams_" + scope,
    };

    private static string Noun(HubStreamKind kind) => kind switch
    {
        HubStreamKind.Terminal => "terminals",
        HubStreamKind.Capture => "packet capture views",
        _ => "live graphs",
    };

    private static (PartitionedRateLimiter<string>, PartitionedRateLimiter<string>, int, int) Limiters(int perConnection, int perUser) =>
        (Concurrency(perConnection), Concurrency(perUser), perConnection, perUser);

    // No queue: a stream past the cap is refused at once with the reason, never left waiting for a slot.
    private static PartitionedRateLimiter<string> Concurrency(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = 0,
        }));

    private sealed class Slot(RateLimitLease connection, RateLimitLease user) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                user.Dispose();
                connection.Dispose();
            }
        }
    }
}
