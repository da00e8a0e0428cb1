using Microsoft.Extensions.Diagnostics.HealthChecks;
using NetAcademy.Content.Catalog;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Kernel;
using NetAcademy.Web.Data;
using NetAcademy.Web.Data.Migrations;

namespace NetAcademy.Web.Monitoring;

/// <summary>The database answers and is at the newest schema version this server knows.</summary>
public sealed class DatabaseHealthCheck(Database database, SchemaMigrator migrator) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var newest = SchemaMigrations.All[^1].Version;
        var data = new Dictionary<string, object>
        {
            ["provider"] = database.Provider.ToString().ToLowerInvariant(),
            ["expected_schema_version"] = newest,
        };
        IReadOnlyList<int> applied;
        try
        {
            applied = await migrator.AppliedVersionsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy($"The database ({database.Description}) cannot be read: {ex.Message}", data: data);
        }
        var current = applied.Count == 0 ? 0 : applied[^1];
        data["schema_version"] = current;
        return current == newest
            ? HealthCheckResult.Healthy($"{database.Description} at schema version {current}.", data)
            : HealthCheckResult.Unhealthy($"{database.Description} is at schema version {current}, this server needs {newest}.", data: data);
    }
}

/// <summary>The lab runtime's engine answers and can run labs; its version and security options as data.</summary>
public sealed class EngineHealthCheck(IRuntimeStatusSource runtime) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await runtime.GetStatusAsync(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["backend"] = status.Backend,
            ["endpoint"] = status.Endpoint,
            ["userns_remap"] = status.UsernsRemap,
            ["security_options"] = status.SecurityOptions.ToArray(),
        };
        Add(data, "engine_version", status.EngineVersion);
        Add(data, "api_version", status.ApiVersion);
        Add(data, "engine_api_range", status.EngineApiRange);
        Add(data, "kernel_version", status.KernelVersion);
        return status.Available
            ? HealthCheckResult.Healthy(status.Describe() + (status.UsernsRemap ? ", userns-remap on." : ", userns-remap off."), data)
            : HealthCheckResult.Unhealthy(status.Describe(), data: data);
    }

    private static void Add(Dictionary<string, object> data, string key, string? value)
    {
        if (value is not null)
        {
            data[key] = value;
        }
    }
}

/// <summary>
/// The kernel probe has run to its end (labs are gated on it). A probe that could not run is asked again once its
/// report is stale (<see cref="KernelFeatureCache.RetryIncompleteAfter"/>); a probe still under way is not waited for.
/// </summary>
public sealed class KernelProbeHealthCheck(IKernelFeatures kernel) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = kernel.Current;
        if (report is null)
        {
            return HealthCheckResult.Unhealthy("The kernel probe has not finished yet.");
        }
        if (!report.Complete)
        {
            report = await kernel.GetAsync(cancellationToken);
        }
        var data = new Dictionary<string, object>
        {
            ["probed_at"] = report.ProbedAt.ToString("O"),
            ["available"] = report.Features.Where(f => f.Available).Select(f => KernelFeatureNames.Name(f.Feature)).ToArray(),
            ["missing"] = report.Features.Where(f => !f.Available).Select(f => KernelFeatureNames.Name(f.Feature)).ToArray(),
        };
        return report.Complete
            ? HealthCheckResult.Healthy("The kernel probe ran.", data)
            : HealthCheckResult.Unhealthy($"The kernel probe could not run: {report.Problem}", data: data);
    }
}

/// <summary>The content catalog is loaded and has something to serve; content errors make it degraded, not down.</summary>
public sealed class ContentHealthCheck(ContentCatalogProvider catalog) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = catalog.Current;
        var data = new Dictionary<string, object>
        {
            ["courses"] = current.Courses.Count,
            ["labs"] = current.Labs.Count,
            ["errors"] = current.Errors.Count,
            ["loaded_at"] = current.LoadedAt.ToString("O"),
        };
        var result = current.Courses.Count == 0 && current.Labs.Count == 0
            ? HealthCheckResult.Unhealthy("No course or lab is loaded; check Content:ContentRoot and Content:LabsRoot.", data: data)
            : current.Errors.Count > 0
                ? HealthCheckResult.Degraded($"{current.Courses.Count} course(s) and {current.Labs.Count} lab(s) loaded, {current.Errors.Count} content error(s) (netacademy lint names them).", data: data)
                : HealthCheckResult.Healthy($"{current.Courses.Count} course(s) and {current.Labs.Count} lab(s) loaded.", data);
        return Task.FromResult(result);
    }
}
