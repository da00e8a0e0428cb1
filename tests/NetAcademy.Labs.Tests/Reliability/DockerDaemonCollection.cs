namespace NetAcademy.Labs.Tests.Reliability;

/// <summary>
/// Tests that stop the machine's Docker engine. Not run in parallel with anything: xunit runs such a
/// collection alone, after the parallel ones, so no other test of this assembly loses its containers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DockerDaemonCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "docker-daemon-restart";
}
