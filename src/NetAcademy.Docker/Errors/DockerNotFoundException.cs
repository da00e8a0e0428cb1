using System.Net;

namespace NetAcademy.Docker;

/// <summary>The daemon answered 404: the container, network, image or exec instance does not exist.</summary>
public class DockerNotFoundException : DockerApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="daemonMessage">The daemon's error message.</param>
    /// <param name="request">Method and path of the failed request.</param>
    public DockerNotFoundException(string daemonMessage, string request)
        : base(HttpStatusCode.NotFound, daemonMessage, request)
    {
    }
}
