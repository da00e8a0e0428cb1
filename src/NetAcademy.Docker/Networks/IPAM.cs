namespace NetAcademy.Docker.Models;

/// <summary>Address management of a network.</summary>
public sealed class IPAM
{
    /// <summary>IPAM driver; null means <c>default</c>.</summary>
    public string? Driver { get; set; }

    /// <summary>Address pools; never null.</summary>
    public IList<IPAMConfig> Config { get; set => field = value ?? []; } = [];

    /// <summary>Driver options.</summary>
    public IDictionary<string, string>? Options { get; set; }
}
