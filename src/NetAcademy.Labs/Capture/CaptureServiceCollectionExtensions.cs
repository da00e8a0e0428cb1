using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Capture;

/// <summary>Registration of live packet captures.</summary>
public static class CaptureServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CaptureManager"/> (options from "Labs:Capture") and the hosted
    /// <see cref="CaptureSessionWatcher"/> that ends captures with their session, and the grader's captures on the same
    /// path (<see cref="INodeCapture"/>, <see cref="BoundedCaptures"/>). Needs the lab runtime's services.
    /// </summary>
    public static IServiceCollection AddNetAcademyCapture(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CaptureOptions>()
            .Bind(configuration.GetSection(CaptureOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CaptureManager>();
        services.TryAddSingleton<INodeCapture, BoundedCaptures>();
        services.AddHostedService<CaptureSessionWatcher>();
        return services;
    }
}
