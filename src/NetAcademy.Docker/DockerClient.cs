using NetAcademy.Docker.Transport;

namespace NetAcademy.Docker;

/// <summary>
/// Typed client for the Docker Engine API (v1.41) over the daemon's unix socket. Thread-safe:
/// create one per process and share it. Names follow Docker.DotNet so either can stand in for the other.
/// </summary>
public sealed class DockerClient : IDisposable
{
    private readonly DockerTransport _transport;

    /// <summary>Creates a client; no connection is made until the first call.</summary>
    /// <param name="options">Endpoint and timeouts; null uses DOCKER_HOST or the default socket.</param>
    /// <exception cref="ArgumentException">The endpoint is not a supported URI.</exception>
    public DockerClient(DockerClientOptions? options = null)
    {
        _transport = new DockerTransport(options ?? new DockerClientOptions());
        Containers = new ContainerOperations(_transport);
        Networks = new NetworkOperations(_transport);
        Images = new ImageOperations(_transport);
        Exec = new ExecOperations(_transport);
        System = new SystemOperations(_transport);
    }

    /// <summary>The endpoint in use, e.g. <c>unix:///var/run/docker.sock</c>.</summary>
    public string Endpoint => _transport.Endpoint.Display;

    /// <summary>Containers: create, start, inspect, list, stop, kill, remove, copy files in.</summary>
    public ContainerOperations Containers { get; }

    /// <summary>Networks: create, inspect, list, remove, connect, disconnect.</summary>
    public NetworkOperations Networks { get; }

    /// <summary>Images: inspect and list.</summary>
    public ImageOperations Images { get; }

    /// <summary>Exec: run programs in containers, interactive or collected.</summary>
    public ExecOperations Exec { get; }

    /// <summary>Daemon version, ping and events.</summary>
    public SystemOperations System { get; }

    /// <summary>Closes pooled connections. Open exec streams stay usable until disposed.</summary>
    public void Dispose() => _transport.Dispose();
}
