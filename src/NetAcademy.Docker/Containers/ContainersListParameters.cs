namespace NetAcademy.Docker.Models;

/// <summary>Which containers <c>GET /containers/json</c> returns.</summary>
public sealed class ContainersListParameters
{
    /// <summary>Include stopped containers. Default: false, running ones only.</summary>
    public bool All { get; set; }

    /// <summary>
    /// Label filters, all of which must match: a key with a null value matches any container
    /// carrying that label, a key with a value matches <c>key=value</c>.
    /// </summary>
    public IDictionary<string, string?> LabelFilters { get; set; } = new Dictionary<string, string?>();

    /// <summary>Name filters (substring match by the daemon).</summary>
    public IList<string>? NameFilters { get; set; }
}
