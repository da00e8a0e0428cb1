namespace NetAcademy.Docker.Models;

/// <summary>The <c>Config</c> part of a container inspect answer.</summary>
public sealed class ContainerConfig
{
    /// <summary>Host name.</summary>
    public string? Hostname { get; set; }

    /// <summary>Image reference as given at create.</summary>
    public string? Image { get; set; }

    /// <summary>Labels; never null.</summary>
    public IDictionary<string, string> Labels { get; set => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();

    /// <summary>Command.</summary>
    public IList<string>? Cmd { get; set; }

    /// <summary>Entrypoint.</summary>
    public IList<string>? Entrypoint { get; set; }

    /// <summary>Environment as <c>KEY=value</c>.</summary>
    public IList<string>? Env { get; set; }

    /// <summary>User of the main process.</summary>
    public string? User { get; set; }

    /// <summary>Working directory.</summary>
    public string? WorkingDir { get; set; }

    /// <summary>Whether the main process has a TTY.</summary>
    public bool Tty { get; set; }

    /// <summary>Whether stdin is kept open.</summary>
    public bool OpenStdin { get; set; }
}
