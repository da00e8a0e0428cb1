namespace NetAcademy.Docker.Models;

/// <summary>Which networks <c>GET /networks</c> returns.</summary>
public sealed class NetworksListParameters
{
    /// <summary>Label filters, all must match: null value means "has the label", otherwise <c>key=value</c>.</summary>
    public IDictionary<string, string?> LabelFilters { get; set; } = new Dictionary<string, string?>();

    /// <summary>Name filters (substring match by the daemon).</summary>
    public IList<string>? NameFilters { get; set; }
}
