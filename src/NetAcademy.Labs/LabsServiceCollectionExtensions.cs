using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NetAcademy.Core.Runtime;
using NetAcademy.Docker;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Capture;
using NetAcademy.Labs.Runtime;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Labs;

/// <summary>Registration of the lab runtime.</summary>
public static class LabsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Docker client, the Docker-backed <see cref="ILabRuntime"/>, the <see cref="SessionManager"/>
    /// and, when <paramref name="withReaper"/> is true, the background reaper. An <c>ILabDirectory</c> must
    /// be registered by the host.
    /// </summary>
    public static IServiceCollection AddNetAcademyLabs(this IServiceCollection services, IConfiguration configuration, bool withReaper = true)
    {
        services.AddOptions<LabsOptions>()
            .Bind(configuration.GetSection(LabsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new DockerClient(new DockerClientOptions
        {
            Endpoint = configuration["Docker:Endpoint"],
        }));
        services.TryAddSingleton<ILabRuntime, DockerLabRuntime>();
        services.TryAddSingleton<SessionManager>();
        services.AddNetAcademyCapture(configuration);
        services.AddNetAcademyGraph(configuration);
        services.AddNetAcademyKernelProbe(withBackgroundServices: withReaper);
        if (withReaper)
        {
            services.AddHostedService<SessionReaper>();
        }
        return services;
    }
}
