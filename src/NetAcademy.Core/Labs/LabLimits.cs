namespace NetAcademy.Core.Labs;

/// <summary>Time limits of a lab's sessions; null means the platform default.</summary>
/// <param name="SessionTime">How long a session may run before it is stopped (platform default 2 h).</param>
/// <param name="IdleTimeout">How long a session may sit idle before it is culled (platform default 30 min).</param>
public sealed record LabLimits(TimeSpan? SessionTime, TimeSpan? IdleTimeout)
{
    /// <summary>No lab-specific limits.</summary>
    public static readonly LabLimits Default = new(null, null);
}
