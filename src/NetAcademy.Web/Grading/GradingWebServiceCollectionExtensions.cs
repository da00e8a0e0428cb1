using NetAcademy.Grading;

namespace NetAcademy.Web.Grading;

/// <summary>Registration of grading in the web app.</summary>
public static class GradingWebServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grader (<c>AddNetAcademyGrading</c>, its options bound from "Grading"), <see cref="LabGradingOptions"/>
    /// ("Grading:Web"), <see cref="LabGradingService"/> over a fresh discovery pass per check, the background checks and the progress
    /// store. Needs the labs, graph and data registrations.
    /// </summary>
    public static IServiceCollection AddNetAcademyWebGrading(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddNetAcademyGrading();
        services.Configure<GradingOptions>(configuration.GetSection(GradingOptions.Section));
        services.AddOptions<LabGradingOptions>()
            .Bind(configuration.GetSection(LabGradingOptions.Section))
            .Validate(o => o.BackgroundInterval >= TimeSpan.Zero, "Grading:Web:BackgroundInterval must not be negative.")
            .Validate(o => o.BackgroundFollowUp >= TimeSpan.Zero, "Grading:Web:BackgroundFollowUp must not be negative.")
            .Validate(o => o.BackgroundQuietInterval >= TimeSpan.Zero, "Grading:Web:BackgroundQuietInterval must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<ISessionGraphSource, DiscoveryGraphSource>();
        services.AddSingleton<LabGradingService>();
        services.AddHostedService<BackgroundTaskChecker>();
        services.AddSingleton<ProgressStore>();
        services.AddSingleton<IProgressStore>(sp => sp.GetRequiredService<ProgressStore>());
        return services;
    }
}
