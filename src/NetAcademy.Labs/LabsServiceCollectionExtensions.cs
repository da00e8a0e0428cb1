using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NetAcademy.Core.Diagnostics;
using NetAcademy.Labs.Capture;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Labs;

/// <summary>Registration of the lab runtime.</summary>
public static class LabsServiceCollectionExtensions
{
    /// <summary>
    /// The runtime backends, each registered by its key for <see cref="LabsOptions.Runtime"/>. Explicit, never
    /// found by reflection: a second backend (Kubernetes, Podman) is one more line here.
    /// </summary>
    private static readonly Dictionary<string, Func<IServiceCollection, IConfiguration, IServiceCollection>> Backends = new(StringComparer.Ordinal)
    {
        [DockerEngine.Backend] = DockerRuntimeServiceCollectionExtensions.AddNetAcademyDockerRuntime,
    };

    /// <summary>
    /// Adds the runtime backend named by <c>Labs:Runtime</c> (default "docker"), the <see cref="SessionManager"/>, capture,
    /// the graph, the kernel probe cache, the platform's metrics (<see cref="NetAcademyMetrics"/>) and, when <paramref name="withReaper"/> is true, the background services
    /// (reaper, node event watcher, probe warm-up). An <c>ILabDirectory</c> must be registered by the host for the session manager.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>Labs:Runtime</c> names no known backend.</exception>
    public static IServiceCollection AddNetAcademyLabs(this IServiceCollection services, IConfiguration configuration, bool withReaper = true)
    {
        var backend = configuration[$"{LabsOptions.Section}:{nameof(LabsOptions.Runtime)}"] is { Length: > 0 } configured ? configured : DockerEngine.Backend;
        if (!Backends.TryGetValue(backend, out var addBackend))
        {
            throw new InvalidOperationException(
                $"Labs:Runtime is '{backend}', which is not a lab runtime backend. Known: {string.Join(", ", Backends.Keys)}.");
        }
        services.AddOptions<LabsOptions>()
            .Bind(configuration.GetSection(LabsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<NetAcademyMetrics>();
        addBackend(services, configuration);
        services.TryAddSingleton<SessionManager>();
        services.AddNetAcademyCapture(configuration);
        services.AddNetAcademyGraph(configuration);
        services.AddNetAcademyKernelProbe(withBackgroundServices: withReaper);
        if (withReaper)
        {
            services.AddHostedService<SessionReaper>();
            services.AddHostedService<NodeEventWatcher>();
            services.AddHostedService<WarmPoolKeeper>();
        }
        return services;
    }
}
