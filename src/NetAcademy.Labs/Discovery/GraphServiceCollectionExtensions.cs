using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NetAcademy.Labs.Discovery;

/// <summary>Registration of the live interface graph.</summary>
public static class GraphServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="GraphWatcherOptions"/> (section "Labs:Graph"), <see cref="SessionGraphReader"/> and the
    /// singleton <see cref="GraphWatcher"/>. Needs the <c>ILabRuntime</c> and the session manager of
    /// <c>AddNetAcademyLabs</c>.
    /// </summary>
    public static IServiceCollection AddNetAcademyGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphWatcherOptions>()
            .Bind(configuration.GetSection(GraphWatcherOptions.Section))
            .Validate(o => o.Debounce >= TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.MaxMonitorsPerSession >= 0,
                "Labs:Graph needs a non-negative Debounce, a positive PollInterval and a non-negative MaxMonitorsPerSession.")
            .ValidateOnStart();
        services.TryAddSingleton<SessionGraphReader>();
        services.TryAddSingleton<GraphWatcher>();
        return services;
    }
}
