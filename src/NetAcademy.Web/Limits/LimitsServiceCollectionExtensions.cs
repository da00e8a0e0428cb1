namespace NetAcademy.Web.Limits;

/// <summary>Registers the per-user stream caps and rate limits.</summary>
public static class LimitsServiceCollectionExtensions
{
    /// <summary>Adds <see cref="UsageLimitsOptions"/> (validated at start), <see cref="HubStreamSlots"/> and <see cref="UserRateLimits"/>.</summary>
    public static IServiceCollection AddNetAcademyUsageLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UsageLimitsOptions>()
            .Bind(configuration.GetSection(UsageLimitsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.TerminalsPerConnection <= o.TerminalsPerUser && o.CaptureStreamsPerConnection <= o.CaptureStreamsPerUser
                    && o.GraphStreamsPerConnection <= o.GraphStreamsPerUser,
                "Limits: a per-connection stream cap cannot be larger than the per-user one.")
            .ValidateOnStart();
        services.AddSingleton<HubStreamSlots>();
        services.AddSingleton<UserRateLimits>();
        return services;
    }
}
