using System.Net;

namespace NetAcademy.Docker;

/// <summary>
/// The daemon answered 409: the name is already in use, the container is not running, the network
/// still has endpoints, and similar state conflicts.
/// </summary>
public class DockerConflictException : DockerApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="daemonMessage">The daemon's error message.</param>
    /// <param name="request">Method and path of the failed request.</param>
    public DockerConflictException(string daemonMessage, string request)
        : base(HttpStatusCode.Conflict, daemonMessage, request)
    {
    }
}
