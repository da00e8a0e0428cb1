namespace NetAcademy.Labs.Sessions;

/// <summary>A start was refused by a quota. The message is meant for the learner as it is.</summary>
public sealed class SessionLimitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionLimitException(string message, TimeSpan? retryAfter = null) : base(message) => RetryAfter = retryAfter;

    /// <summary>When trying again has a chance, if known.</summary>
    public TimeSpan? RetryAfter { get; }
}
