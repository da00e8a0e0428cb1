namespace NetAcademy.Web.Grading;

/// <summary>
/// Decides whether a watched, ready session's open tasks are due for a background check. Every check is Docker
/// execs in the learner's nodes (runc processes on a shared host), so a session is checked only when the learner
/// can have changed something: in the first round, for a while after each command entered in a terminal (a command
/// may take seconds to have its effect), and otherwise rarely, for changes made by something left running.
/// </summary>
public sealed class BackgroundCheckPolicy
{
    private readonly TimeSpan _followUp;
    private readonly TimeSpan _quietInterval;

    /// <summary>Creates the policy from the web grading options.</summary>
    public BackgroundCheckPolicy(LabGradingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _followUp = options.BackgroundFollowUp;
        _quietInterval = options.BackgroundQuietInterval;
    }

    /// <summary>True when a round should check the session now.</summary>
    /// <param name="lastRoundAt">When the previous background round of the session started; null if none has.</param>
    /// <param name="lastCommandAt">When a command was last entered in one of its terminals; null if never.</param>
    /// <param name="now">The current time.</param>
    public bool IsDue(DateTimeOffset? lastRoundAt, DateTimeOffset? lastCommandAt, DateTimeOffset now)
    {
        if (lastRoundAt is not { } last)
        {
            return true;
        }

        if (lastCommandAt is { } command && (command > last || now - command <= _followUp))
        {
            return true;
        }

        return _quietInterval > TimeSpan.Zero && now - last >= _quietInterval;
    }
}
