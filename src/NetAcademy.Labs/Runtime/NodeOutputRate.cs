using System.Threading.RateLimiting;

namespace NetAcademy.Labs.Runtime;

/// <summary>Token buckets that bound how fast the server reads a streamed node program's output.</summary>
internal static class NodeOutputRate
{
    /// <summary>
    /// A token bucket of <paramref name="bytesPerSecond"/> with a burst of <paramref name="burst"/> bytes, refilled every
    /// 100 ms, for one reader: acquire the bytes read before reading more, and the program waits on its pipe past the rate.
    /// </summary>
    public static TokenBucketRateLimiter Create(int bytesPerSecond, int burst) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = burst,
        TokensPerPeriod = Math.Max(1, bytesPerSecond / 10),
        ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
        QueueLimit = burst,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });
}
