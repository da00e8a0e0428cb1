using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NetAcademy.Core.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NetAcademy.Web.Monitoring;

/// <summary>
/// Health (<c>/health/live</c>, <c>/health/ready</c>), metrics (<c>/metrics</c>, Prometheus text, OpenTelemetry) and traces
/// (OTLP, when an endpoint is configured).
/// </summary>
public static class MonitoringExtensions
{
    /// <summary>Tag of the checks that make up readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Path of the Prometheus scrape endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Registers the readiness checks (database, engine, kernel probe, content), <see cref="MonitoringOptions"/>, the
    /// monitoring authorization policy, and OpenTelemetry: the <see cref="NetAcademyMetrics.MeterName"/> meter exported
    /// for Prometheus, and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the platform's traces sent over OTLP.
    /// </summary>
    public static WebApplicationBuilder AddNetAcademyMonitoring(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MonitoringOptions>().Bind(builder.Configuration.GetSection(MonitoringOptions.Section));
        services.AddAuthorizationBuilder().AddPolicy(MonitoringAccess.Policy, policy =>
            policy.RequireAssertion(context => context.Resource is HttpContext http && MonitoringAccess.IsAllowed(http)));
        services.AddSingleton<HubConnectionMetrics>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(10))
            .AddCheck<EngineHealthCheck>("engine", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(20))
            .AddCheck<KernelProbeHealthCheck>("kernel", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(60))
            .AddCheck<ContentHealthCheck>("content", tags: [ReadyTag]);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("netacademy"))
            .WithMetrics(metrics => metrics
                .AddMeter(NetAcademyMetrics.MeterName)
                // Every scrape is computed afresh (the exporter caches 300 ms by default).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing.AddSource(NetAcademyMetrics.MeterName).AddOtlpExporter());
        }
        return builder;
    }

    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c> (admins or the scrape token only).</summary>
    public static IEndpointRouteBuilder MapNetAcademyMonitoring(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process answers; no dependency is asked.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(MonitoringAccess.Policy);
        return endpoints;
    }

    /// <summary>
    /// The bare status ("Healthy", "Degraded", "Unhealthy") for anyone; for an admin or the scrape token, JSON with every
    /// check's status, description, duration and data (engine version, schema version, ...). 200, or 503 when unhealthy.
    /// </summary>
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (!MonitoringAccess.IsAllowed(http))
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            return http.Response.WriteAsync(report.Status.ToString());
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                error = e.Value.Exception?.Message,
                data = e.Value.Data,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
