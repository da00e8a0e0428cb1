using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>Body of <c>POST /containers/create</c>. Unset (null/false/0) fields take the daemon's defaults.</summary>
public sealed class CreateContainerParameters
{
    /// <summary>Container name (sent as the <c>name</c> query parameter). Default: null, the daemon picks one.</summary>
    [JsonIgnore]
    public string? Name { get; set; }

    /// <summary>Image reference, e.g. <c>netacademy/base:latest</c>. Required.</summary>
    public string Image { get; set; } = string.Empty;

    /// <summary>Command (argv) to run instead of the image's CMD.</summary>
    public IList<string>? Cmd { get; set; }

    /// <summary>Entrypoint (argv) instead of the image's ENTRYPOINT.</summary>
    public IList<string>? Entrypoint { get; set; }

    /// <summary>Environment as <c>KEY=value</c> entries.</summary>
    public IList<string>? Env { get; set; }

    /// <summary>Host name inside the container.</summary>
    public string? Hostname { get; set; }

    /// <summary>Labels of the container.</summary>
    public IDictionary<string, string>? Labels { get; set; }

    /// <summary>User (name or uid[:gid]) the main process runs as.</summary>
    public string? User { get; set; }

    /// <summary>Working directory of the main process.</summary>
    public string? WorkingDir { get; set; }

    /// <summary>Allocate a pseudo-TTY for the main process.</summary>
    public bool Tty { get; set; }

    /// <summary>Keep stdin of the main process open.</summary>
    public bool OpenStdin { get; set; }

    /// <summary>Host-side settings: capabilities, limits, network mode...</summary>
    public HostConfig? HostConfig { get; set; }

    /// <summary>Networks to attach at creation (only one is allowed by the daemon at create time).</summary>
    public NetworkingConfig? NetworkingConfig { get; set; }
}
