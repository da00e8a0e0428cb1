using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NetAcademy.Labs.Kernel;

/// <summary>Registration of the kernel probe and its cache.</summary>
public static class KernelServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="KernelProbe"/>, the <see cref="IKernelFeatures"/> cache and, when
    /// <paramref name="withBackgroundServices"/> is true, a hosted service that probes once at start-up and
    /// the <see cref="OutOfMemoryWatcher"/>.
    /// Expects the Docker client, <see cref="LabsOptions"/> and a <see cref="TimeProvider"/> (added by AddNetAcademyLabs).
    /// </summary>
    public static IServiceCollection AddNetAcademyKernelProbe(this IServiceCollection services, bool withBackgroundServices = true)
    {
        services.TryAddSingleton<KernelProbe>();
        services.TryAddSingleton<IKernelFeatures, KernelFeatureCache>();
        if (withBackgroundServices)
        {
            services.AddHostedService<KernelProbeWarmup>();
            services.AddHostedService<OutOfMemoryWatcher>();
        }
        return services;
    }
}
