namespace NetAcademy.E2E.Workspace;

/// <summary>The workspace test classes share one fixture server (and run one after another: each starts labs).</summary>
[CollectionDefinition(Name)]
public sealed class WorkspaceCollection : ICollectionFixture<WorkspaceFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "workspace-fixtures";
}
