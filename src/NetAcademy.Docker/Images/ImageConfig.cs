namespace NetAcademy.Docker.Models;

/// <summary>Run configuration baked into an image.</summary>
public sealed class ImageConfig
{
    /// <summary>Labels; never null.</summary>
    public IDictionary<string, string> Labels { get; set => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();

    /// <summary>Default command.</summary>
    public IList<string>? Cmd { get; set; }

    /// <summary>Entrypoint.</summary>
    public IList<string>? Entrypoint { get; set; }

    /// <summary>Environment as <c>KEY=value</c>.</summary>
    public IList<string>? Env { get; set; }

    /// <summary>Default user.</summary>
    public string? User { get; set; }

    /// <summary>Default working directory.</summary>
    public string? WorkingDir { get; set; }
}
