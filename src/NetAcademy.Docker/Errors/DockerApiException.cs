using System.Net;

namespace NetAcademy.Docker;

/// <summary>
/// The Docker daemon answered a request with an error status. <see cref="Exception.Message"/> is the
/// daemon's own <c>message</c> field (or the raw body when it sent no JSON), prefixed with the request.
/// </summary>
public class DockerApiException : Exception
{
    /// <summary>Creates the exception for a daemon error.</summary>
    /// <param name="status">HTTP status the daemon answered with.</param>
    /// <param name="message">The daemon's error message.</param>
    public DockerApiException(HttpStatusCode status, string message)
        : base(message)
    {
        StatusCode = status;
        DaemonMessage = message;
    }

    /// <summary>Creates the exception for a daemon error, naming the request that failed.</summary>
    /// <param name="status">HTTP status the daemon answered with.</param>
    /// <param name="daemonMessage">The daemon's error message.</param>
    /// <param name="request">Method and path of the failed request, e.g. <c>POST /containers/create</c>.</param>
    public DockerApiException(HttpStatusCode status, string daemonMessage, string request)
        : base($"Docker {request} failed with {(int)status} {status}: {daemonMessage}")
    {
        StatusCode = status;
        DaemonMessage = daemonMessage;
        Request = request;
    }

    /// <summary>HTTP status the daemon answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The daemon's <c>message</c> field, without any prefix.</summary>
    public string DaemonMessage { get; }

    /// <summary>Method and path of the failed request, when known.</summary>
    public string? Request { get; }
}
