using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Docker.DotNet;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// Turns the engine client's failures into the runtime's own exceptions (<see cref="LabRuntimeException"/> and its
/// subtypes), so nothing above the backend ever sees a Docker.DotNet type.
/// </summary>
internal static class DockerErrors
{
    /// <summary>True for a failure of the engine or of the connection to it (not a cancellation by the caller).</summary>
    public static bool IsEngineFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        DockerApiException or HttpRequestException or SocketException or AuthenticationException => true,
        // The client's own request timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// The runtime exception for <paramref name="ex"/>: a missing or stopped container of node <paramref name="node"/>
    /// becomes <see cref="NodeNotRunningException"/>, an unreachable engine <see cref="RuntimeUnavailableException"/>,
    /// anything else the engine refused <see cref="LabRuntimeException"/> with the engine's own message.
    /// </summary>
    public static LabRuntimeException Translate(Exception ex, string endpoint, string? node = null) => ex switch
    {
        DockerApiException api when node is not null && IsNotRunning(api) =>
            new NodeNotRunningException(node, $"{node} is not running.", ex),
        DockerApiException api => new LabRuntimeException($"The container engine refused: {Message(api)}", ex),
        OperationCanceledException => new RuntimeUnavailableException($"The container engine at {endpoint} did not answer in time.", ex),
        AuthenticationException => new RuntimeUnavailableException(
            $"The container engine at {endpoint} cannot be reached: the TLS handshake failed ({ex.Message}). Check Docker:TlsCertPath (ca.pem, cert.pem, key.pem).", ex),
        _ => new RuntimeUnavailableException($"The container engine at {endpoint} cannot be reached ({Reason(endpoint, ex)}).", ex),
    };

    /// <summary>True when the engine says the container does not exist or is not running (404, or 409 for a stopped or paused one).</summary>
    public static bool IsNotRunning(DockerApiException ex) => ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict;

    /// <summary>The engine's message from its JSON error body (<c>{"message":"..."}</c>), else the body itself, bounded.</summary>
    public static string Message(DockerApiException ex)
    {
        var body = ex.ResponseBody?.Trim() ?? "";
        if (body.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    body = message.GetString() ?? body;
                }
            }
            catch (JsonException)
            {
                // Not the engine's JSON: show the text as it came.
            }
        }
        if (body.Length == 0)
        {
            body = $"HTTP {(int)ex.StatusCode}";
        }
        return body.Length <= 500 ? body : body[..500] + "…";
    }

    // A unix socket path that does not exist fails with EADDRNOTAVAIL ("Cannot assign requested address"), which
    // tells an operator nothing; say what is wrong instead.
    private static string Reason(string endpoint, Exception ex) =>
        endpoint.StartsWith("unix://", StringComparison.OrdinalIgnoreCase) && !File.Exists(endpoint["unix://".Length..])
            ? $"there is no socket {endpoint["unix://".Length..]}"
            : Innermost(ex).Message;

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is { } inner)
        {
            ex = inner;
        }
        return ex;
    }
}
