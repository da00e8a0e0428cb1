using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NetAcademy.Labs.Kernel;

/// <summary>Registration of the kernel probe and its cache.</summary>
public static class KernelServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="IKernelFeatures"/> cache over the backend's <see cref="IKernelProbe"/> and, when
    /// <paramref name="withBackgroundServices"/> is true, a hosted service that probes once at start-up.
    /// Expects the runtime backend's <see cref="IKernelProbe"/> and a <see cref="TimeProvider"/> (added by AddNetAcademyLabs).
    /// </summary>
    public static IServiceCollection AddNetAcademyKernelProbe(this IServiceCollection services, bool withBackgroundServices = true)
    {
        services.TryAddSingleton<IKernelFeatures, KernelFeatureCache>();
        if (withBackgroundServices)
        {
            services.AddHostedService<KernelProbeWarmup>();
        }
        return services;
    }
}
