namespace NetAcademy.Grading.Tests.Integration;

/// <summary>Tests against real containers run one class at a time (the machine is small) over one shared lab.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<GradingDockerFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "docker";
}
