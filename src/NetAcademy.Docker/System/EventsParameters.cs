namespace NetAcademy.Docker.Models;

/// <summary>Which events <c>GET /events</c> streams.</summary>
public sealed class EventsParameters
{
    /// <summary>Replay events since this time, then follow. Default: null, only new events.</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>Object types, e.g. <c>container</c>, <c>network</c>. Default: all.</summary>
    public IList<string>? Types { get; set; }

    /// <summary>Actions, e.g. <c>die</c>, <c>oom</c>. Default: all.</summary>
    public IList<string>? Events { get; set; }

    /// <summary>Label filters, all must match: null value means "has the label".</summary>
    public IDictionary<string, string?> LabelFilters { get; set; } = new Dictionary<string, string?>();
}
