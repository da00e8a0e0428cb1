using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NetAcademy.Content.Catalog;

/// <summary>Registers the content catalog.</summary>
public static class ContentServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ContentOptions"/> from the <c>Content</c> section (validated at start) and registers
    /// <see cref="ContentCatalogProvider"/> as a singleton and as a hosted service, so the catalog is loaded and
    /// watched from start-up.
    /// </summary>
    public static IServiceCollection AddNetAcademyContent(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ContentOptions>()
            .Bind(configuration.GetSection(ContentOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ContentCatalogProvider>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ContentCatalogProvider>());
        return services;
    }
}
