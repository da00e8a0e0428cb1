using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Testing.Runtime;

namespace NetAcademy.Labs.Tests.Support;

/// <summary>
/// A real Docker-backed runtime with its own instance name, on the engine the tests are pointed at (the default one,
/// or a matrix engine through <c>Docker__Endpoint</c>); removes everything of that instance at the end.
/// </summary>
public sealed class RuntimeFixture : IAsyncLifetime
{
    /// <summary>Instance label of everything these tests create.</summary>
    public string Instance { get; } = "test-" + Guid.NewGuid().ToString("n")[..8];

    /// <summary>The negotiated engine connection.</summary>
    public DockerEngine Engine { get; } = TestRuntime.CreateEngine();

    /// <summary>Options used by the runtime (tests may shorten limits before use).</summary>
    public LabsOptions Options { get; private set; } = null!;

    /// <summary>The runtime under test.</summary>
    public DockerLabRuntime Runtime { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await TestRuntime.RequireBaseImageAsync(Engine);
        Options = new LabsOptions { Instance = Instance, SetupTimeout = TimeSpan.FromSeconds(20) };
        Runtime = new DockerLabRuntime(Engine, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<DockerLabRuntime>.Instance);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await DockerCli.RemoveInstanceAsync(Instance);
        Engine.Dispose();
    }
}
