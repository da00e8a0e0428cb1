using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NetAcademy.Web.Persistence.Migrations;

namespace NetAcademy.Web.Persistence;

/// <summary>Registers the data layer.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the database (SQLite in the data directory unless <c>ConnectionStrings:NetAcademy</c> names a
    /// PostgreSQL server), the schema migrator run at start-up, and the stores.
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
        services.AddSingleton<UserStore>();
        services.AddSingleton<InvitationStore>();
        services.AddSingleton<SetupTokenStore>();
        services.AddSingleton<GuestStore>();
        services.AddSingleton<SessionHistory>();
        services.AddSingleton<ProgressStore>();
        services.AddSingleton<IProgressStore>(sp => sp.GetRequiredService<ProgressStore>());
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
