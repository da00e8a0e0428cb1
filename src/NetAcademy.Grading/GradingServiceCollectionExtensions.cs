using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Tasks;

namespace NetAcademy.Grading;

/// <summary>Registration of the grader.</summary>
public static class GradingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GradingOptions"/> (bind the "Grading" section to change them), the four check
    /// evaluators in a <see cref="CheckRegistry"/> keyed by kind, and <see cref="TaskGrader"/>.
    /// <see cref="Testing.LabTestRunner"/> is not registered: it needs a runtime and a graph source the caller picks.
    /// Traffic checks capture through the <see cref="INodeCapture"/> registered beside it (the packet table's capture).
    /// </summary>
    public static IServiceCollection AddNetAcademyGrading(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GradingOptions>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GradingOptions>>().Value);
        services.AddSingleton(sp => CheckRegistry.CreateDefault(sp.GetRequiredService<GradingOptions>(), sp.GetRequiredService<INodeCapture>()));
        services.AddSingleton<TaskGrader>();
        return services;
    }
}
