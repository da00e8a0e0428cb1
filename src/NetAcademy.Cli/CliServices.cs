using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Labs;

namespace NetAcademy.Cli;

/// <summary>
/// The CLI's services, built with the same registrations as the web app (<c>AddNetAcademyLabs</c>), so a command
/// runs labs exactly as the server would: same backend choice, same engine negotiation, same graph and probe.
/// Configuration comes from environment variables (<c>Docker__Endpoint</c>, <c>Labs__Runtime</c>, ...) with the
/// command's own options on top.
/// </summary>
internal static class CliServices
{
    /// <summary>Builds the provider; dispose it when the command ends.</summary>
    /// <param name="instance">Instance label of what the command creates.</param>
    /// <param name="endpoint">An engine endpoint given on the command line, or null for the configured one.</param>
    public static ServiceProvider Build(string instance, string? endpoint = null)
    {
        var overrides = new Dictionary<string, string?> { ["Labs:Instance"] = instance };
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            overrides["Docker:Endpoint"] = endpoint;
        }
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddNetAcademyLabs(configuration, withReaper: false);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
    }
}
