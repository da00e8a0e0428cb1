namespace NetAcademy.Docker.Tests;

/// <summary>
/// All Docker tests share one fixture and run one after another: they use the same container,
/// and the machine has two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "docker";
}
