namespace NetAcademy.Web.Monitoring;

/// <summary>Who may read metrics and health detail besides admins, bound from the "Monitoring" section.</summary>
public sealed class MonitoringOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Monitoring";

    /// <summary>
    /// A secret a scraper sends as <c>Authorization: Bearer &lt;token&gt;</c> to read <c>/metrics</c> and the detail of
    /// <c>/health/ready</c> without an admin's sign-in cookie (Prometheus: <c>authorization: { credentials_file: ... }</c>).
    /// Empty (the default): only signed-in admins may. Use at least 32 random characters.
    /// </summary>
    public string? ScrapeToken { get; set; }
}
