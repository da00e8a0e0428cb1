namespace NetAcademy.Docker;

/// <summary>
/// The Docker daemon could not be reached at all: the socket is missing, refuses connections,
/// or is not accessible to this user.
/// </summary>
public class DockerUnavailableException : Exception
{
    /// <summary>Creates the exception for an endpoint that could not be reached.</summary>
    /// <param name="endpoint">The endpoint that was tried, e.g. <c>unix:///var/run/docker.sock</c>.</param>
    /// <param name="innerException">The socket error.</param>
    public DockerUnavailableException(string endpoint, Exception? innerException)
        : base(
            $"Cannot reach the Docker daemon at {endpoint}: {innerException?.Message ?? "connection failed"}. "
            + "Is Docker running and is this user allowed to use the socket? Run deploy/ensure-docker.sh to set it up, "
            + "or point DOCKER_HOST at the right socket.",
            innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The endpoint that was tried.</summary>
    public string Endpoint { get; }
}
