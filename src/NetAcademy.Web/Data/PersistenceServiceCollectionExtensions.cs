using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NetAcademy.Web.Data.Migrations;

namespace NetAcademy.Web.Data;

/// <summary>Registers the database shared by the features' stores (each feature registers its own).</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the database (SQLite in the data directory unless <c>ConnectionStrings:NetAcademy</c> names a
    /// PostgreSQL server) and the schema migrator run at start-up.
    /// </summary>
    public static IServiceCollection AddNetAcademyPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .PostConfigure(o => o.ConnectionString ??= configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .Validate(o =>
            {
                o.ResolveProvider();
                return true;
            });
        services.AddSingleton(sp => Database.Create(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            sp.GetRequiredService<IOptions<NetAcademyOptions>>().Value.ResolveDataDirectory()));
        services.AddSingleton<SchemaMigrator>();
        services.AddHostedService<DatabaseInitializer>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
