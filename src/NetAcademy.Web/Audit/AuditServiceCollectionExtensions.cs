namespace NetAcademy.Web.Audit;

/// <summary>Registers the audit log and the lab session history.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>Adds <see cref="AuditLog"/> (as <see cref="IAuditLog"/> too), <see cref="SessionHistory"/> and the
    /// <see cref="SessionAuditRecorder"/> that fills both from the session manager. Needs the data layer.</summary>
    public static IServiceCollection AddNetAcademyAudit(this IServiceCollection services)
    {
        services.AddSingleton<SessionHistory>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddHostedService<SessionAuditRecorder>();
        return services;
    }
}
