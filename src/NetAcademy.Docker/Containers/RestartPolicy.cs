namespace NetAcademy.Docker.Models;

/// <summary>Restart policy of a container.</summary>
public sealed class RestartPolicy
{
    /// <summary><c>no</c>, <c>always</c>, <c>unless-stopped</c> or <c>on-failure</c>. Default: empty, i.e. no.</summary>
    public string? Name { get; set; }

    /// <summary>Retries for <c>on-failure</c>.</summary>
    public int MaximumRetryCount { get; set; }
}
