using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Kernel;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>Registration of the Docker backend of the lab runtime.</summary>
public static class DockerRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DockerOptions"/> (section "Docker"), the negotiating <see cref="DockerEngine"/> and the Docker
    /// implementations of <see cref="ILabRuntime"/>, <see cref="IRuntimeStatusSource"/>, <see cref="IKernelProbe"/> and <see cref="ILabImages"/>.
    /// </summary>
    public static IServiceCollection AddNetAcademyDockerRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DockerOptions>()
            .Bind(configuration.GetSection(DockerOptions.Section))
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, "Docker:RequestTimeout must be positive.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Endpoint) || IsSupported(o.Endpoint),
                "Docker:Endpoint must be unix:///path/to/docker.sock or tcp://host:port.")
            .ValidateOnStart();
        services.TryAddSingleton<DockerEngine>();
        services.TryAddSingleton<HostFirewall>();
        services.TryAddSingleton<IRuntimeStatusSource>(sp => sp.GetRequiredService<DockerEngine>());
        services.TryAddSingleton<ILabRuntime, DockerLabRuntime>();
        services.TryAddSingleton<IKernelProbe, DockerKernelProbe>();
        services.TryAddSingleton<ILabImages, DockerLabImages>();
        return services;
    }

    private static bool IsSupported(string endpoint) =>
        (endpoint.StartsWith("unix:///", StringComparison.OrdinalIgnoreCase) || endpoint.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        && Uri.TryCreate(endpoint, UriKind.Absolute, out _);
}
