using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace NetAcademy.Web.Limits;

/// <summary>
/// Per-user rates of the calls that run programs in a lab's nodes (Check, graph reads, capture starts, netfilter traces), as fixed
/// one-minute windows of System.Threading.RateLimiting partitioned by user name. The hub methods and the HTTP graph
/// endpoint share these counters, so a learner cannot double their budget by switching between them. Thread-safe;
/// one per process.
/// </summary>
public sealed class UserRateLimits : IDisposable
{
    private readonly NetAcademy.Core.Diagnostics.NetAcademyMetrics? _metrics;
    private readonly Dictionary<RateLimitedAction, (PartitionedRateLimiter<string> Limiter, int PerMinute)> _limiters;

    /// <summary>Creates the limiters from <see cref="UsageLimitsOptions"/>.</summary>
    /// <param name="options">The limits.</param>
    /// <param name="metrics">Where refusals are counted (quota checks_per_minute, graph_reads_per_minute, capture_starts_per_minute, traces_per_minute); none when null.</param>
    public UserRateLimits(IOptions<UsageLimitsOptions> options, NetAcademy.Core.Diagnostics.NetAcademyMetrics? metrics = null)
    {
        _metrics = metrics;
        var o = options.Value;
        _limiters = new()
        {
            [RateLimitedAction.Check] = (PerMinute(o.ChecksPerMinute), o.ChecksPerMinute),
            [RateLimitedAction.GraphRead] = (PerMinute(o.GraphReadsPerMinute), o.GraphReadsPerMinute),
            [RateLimitedAction.CaptureStart] = (PerMinute(o.CaptureStartsPerMinute), o.CaptureStartsPerMinute),
            [RateLimitedAction.Trace] = (PerMinute(o.TracesPerMinute), o.TracesPerMinute),
        };
    }

    /// <summary>
    /// Counts one <paramref name="action"/> of <paramref name="user"/>; null when it is within the limit, otherwise the
    /// sentence for the learner: which limit, and how long to wait.
    /// </summary>
    public string? Refusal(RateLimitedAction action, string user)
    {
        var (limiter, perMinute) = _limiters[action];
        using var lease = limiter.AttemptAcquire(user);
        if (lease.IsAcquired)
        {
            return null;
        }
        _metrics?.QuotaRefused(action switch
        {
            RateLimitedAction.Check => "checks_per_minute",
            RateLimitedAction.GraphRead => "graph_reads_per_minute",
            RateLimitedAction.Trace => "traces_per_minute",
            _ => "capture_starts_per_minute",
        });
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        var seconds = wait.ToString(CultureInfo.InvariantCulture);
        return action switch
        {
            RateLimitedAction.Check => $"Too many checks: at most {perMinute} a minute per learner. Wait {seconds} s, then press Check again.",
            RateLimitedAction.GraphRead => $"Too many graph reads: at most {perMinute} a minute per learner. Wait {seconds} s, then reload the graph.",
            RateLimitedAction.Trace => $"Too many traces: at most {perMinute} a minute per learner. Wait {seconds} s before starting another.",
            _ => $"Too many captures started: at most {perMinute} a minute per learner. Wait {seconds} s before starting another.",
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (limiter, _) in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    // No queue: a call past the limit is answered at once with the reason.
    private static PartitionedRateLimiter<string> PerMinute(int permits) =>
        PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
}
