using System.Net;
using System.Net.Sockets;

namespace NetAcademy.Docker.Transport;

/// <summary>Where the daemon listens, parsed once from options or DOCKER_HOST.</summary>
internal sealed class DockerEndpoint
{
    private const string DefaultEndpoint = "unix:///var/run/docker.sock";

    private readonly EndPoint _socketEndPoint;

    private DockerEndpoint(string display, EndPoint socketEndPoint)
    {
        Display = display;
        _socketEndPoint = socketEndPoint;
    }

    /// <summary>The endpoint as the user wrote it, for messages.</summary>
    public string Display { get; }

    public static DockerEndpoint Resolve(string? configured)
    {
        var text = string.IsNullOrWhiteSpace(configured) ? Environment.GetEnvironmentVariable("DOCKER_HOST") : configured;
        if (string.IsNullOrWhiteSpace(text))
        {
            text = DefaultEndpoint;
        }

        text = text.Trim();
        if (text.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["unix://".Length..];
            if (path.Length == 0)
            {
                throw new ArgumentException($"Docker endpoint '{text}' has no socket path.", nameof(configured));
            }

            return new DockerEndpoint(text, new UnixDomainSocketEndPoint(path));
        }

        if (text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate("http://" + text["tcp://".Length..], UriKind.Absolute, out var uri))
        {
            var port = uri.IsDefaultPort ? 2375 : uri.Port;
            return new DockerEndpoint(text, new DnsEndPoint(uri.Host, port));
        }

        throw new ArgumentException(
            $"Docker endpoint '{text}' is not supported: use unix:///path/to/docker.sock or tcp://host:port.",
            nameof(configured));
    }

    /// <summary>Opens a fresh connection to the daemon.</summary>
    /// <exception cref="DockerUnavailableException">The socket cannot be reached.</exception>
    public async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = _socketEndPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_socketEndPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new DockerUnavailableException(Display, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
