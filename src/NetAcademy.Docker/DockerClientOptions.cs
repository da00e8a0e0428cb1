namespace NetAcademy.Docker;

/// <summary>Settings of a <see cref="DockerClient"/>.</summary>
public sealed class DockerClientOptions
{
    /// <summary>
    /// Daemon endpoint: <c>unix:///path/to/docker.sock</c> or <c>tcp://host:port</c> (plain, no TLS).
    /// Default: null, which means the <c>DOCKER_HOST</c> environment variable, or
    /// <c>unix:///var/run/docker.sock</c> when that is not set.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Upper bound for one ordinary request (create, inspect, list...). Streams (exec attach, events)
    /// are bounded only by their cancellation token; a stop request gets its grace period on top.
    /// Default: 60 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Engine API version used as the path prefix. Default: <c>1.41</c> (Docker 20.10).</summary>
    public string ApiVersion { get; set; } = "1.41";
}
