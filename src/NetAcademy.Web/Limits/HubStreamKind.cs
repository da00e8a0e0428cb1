namespace NetAcademy.Web.Limits;

/// <summary>The long-lived hub streams whose number is capped per connection and per user.</summary>
public enum HubStreamKind
{
    /// <summary>A terminal's output (workspace or observation).</summary>
    Terminal,

    /// <summary>A packet capture's rows.</summary>
    Capture,

    /// <summary>The live interface graph.</summary>
    Graph,
}
