using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Docker;
using NetAcademy.Labs.Runtime;

namespace NetAcademy.Labs.Tests.Support;

/// <summary>A real Docker-backed runtime with its own instance name; removes everything of that instance at the end.</summary>
public sealed class RuntimeFixture : IAsyncLifetime
{
    /// <summary>Instance label of everything these tests create.</summary>
    public string Instance { get; } = "test-" + Guid.NewGuid().ToString("n")[..8];

    /// <summary>The engine client.</summary>
    public DockerClient Docker { get; } = new();

    /// <summary>Options used by the runtime (tests may shorten limits before use).</summary>
    public LabsOptions Options { get; private set; } = null!;

    /// <summary>The runtime under test.</summary>
    public DockerLabRuntime Runtime { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        try
        {
            await Docker.Images.InspectImageAsync("netacademy/base:latest");
        }
        catch (DockerNotFoundException)
        {
            throw new InvalidOperationException("The lab image netacademy/base:latest is missing: run deploy/build-images.sh.");
        }
        Options = new LabsOptions { Instance = Instance, SetupTimeout = TimeSpan.FromSeconds(20) };
        Runtime = new DockerLabRuntime(Docker, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<DockerLabRuntime>.Instance);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await DockerCli.RemoveInstanceAsync(Instance);
        Docker.Dispose();
    }
}
