using Microsoft.AspNetCore.Components.Server.Circuits;
using NetAcademy.Web.Accounts;

namespace NetAcademy.Web.Instructor;

/// <summary>Registers the instructor's views: course progress and observation.</summary>
public static class InstructorServiceCollectionExtensions
{
    /// <summary>Adds course staff, the observation tracker and gate, and the circuit handler
    /// that ends a closed tab's observations. Needs the grading registrations.</summary>
    public static IServiceCollection AddNetAcademyInstructor(this IServiceCollection services)
    {
        services.AddSingleton<CourseStaff>();
        services.AddSingleton<ObservationTracker>();
        services.AddSingleton<SessionObservation>();
        services.AddScoped<ObserverCircuit>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<ObserverCircuit>());
        return services;
    }
}
