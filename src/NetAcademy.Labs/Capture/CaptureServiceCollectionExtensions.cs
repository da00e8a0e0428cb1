using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NetAcademy.Labs.Capture;

/// <summary>Registration of live packet captures.</summary>
public static class CaptureServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CaptureManager"/> (options from "Labs:Capture") and the hosted
    /// <see cref="CaptureSessionWatcher"/> that ends captures with their session. Needs the lab runtime's services.
    /// </summary>
    public static IServiceCollection AddNetAcademyCapture(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CaptureOptions>()
            .Bind(configuration.GetSection(CaptureOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CaptureManager>();
        services.AddHostedService<CaptureSessionWatcher>();
        return services;
    }
}
