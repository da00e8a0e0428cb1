namespace NetAcademy.Labs.Tests.Reliability;

/// <summary>
/// Tests that load the machine on purpose (nodes writing as fast as they can) and measure this process's memory while
/// they do. Run alone, after the parallel collections: their load would slow tests that wait for the monitors, and
/// other tests' allocations would be counted in their memory figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "alone";
}
