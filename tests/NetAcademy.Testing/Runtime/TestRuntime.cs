using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Labs;
using NetAcademy.Labs.Runtime.Docker;

namespace NetAcademy.Testing.Runtime;

/// <summary>
/// The real lab runtime for integration tests, composed by the same <c>AddNetAcademyLabs</c> as the web app and the
/// CLI: the engine comes from <c>Docker__Endpoint</c> or <c>DOCKER_HOST</c> (the engine matrix sets them), and its
/// API version is negotiated as in production. Nothing is mocked.
/// </summary>
public static class TestRuntime
{
    /// <summary>The engine endpoint the tests talk to, for messages and the docker CLI witness.</summary>
    public static string Endpoint =>
        Environment.GetEnvironmentVariable("Docker__Endpoint") is { Length: > 0 } configured ? configured
        : Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host
        : "unix:///var/run/docker.sock";

    /// <summary>Builds the services; dispose the provider at the end of the fixture.</summary>
    /// <param name="instance">Instance label of everything the tests create.</param>
    /// <param name="settings">More configuration, e.g. <c>["Labs:SetupTimeout"] = "00:00:20"</c> or <c>["Docker:ApiVersion"] = "1.99"</c>.</param>
    public static ServiceProvider Build(string instance, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Labs:Instance"] = instance };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddNetAcademyLabs(configuration, withReaper: false);
        return services.BuildServiceProvider();
    }

    /// <summary>A negotiating connection to the engine the tests talk to (<see cref="Endpoint"/>).</summary>
    public static DockerEngine CreateEngine(string? apiVersion = null) =>
        new(Options.Create(new DockerOptions { Endpoint = Endpoint, ApiVersion = apiVersion }), NullLogger<DockerEngine>.Instance);

    /// <summary>Fails the fixture with a clear message when the lab image is not built on the engine.</summary>
    /// <exception cref="InvalidOperationException">The engine cannot be used or has no netacademy/base image.</exception>
    public static async Task RequireBaseImageAsync(DockerEngine engine)
    {
        var status = await engine.GetStatusAsync(CancellationToken.None);
        if (!status.Available)
        {
            throw new InvalidOperationException($"The test engine cannot be used: {status.Problem}");
        }
        var images = new DockerLabImages(engine, Options.Create(new LabsOptions()));
        if (await images.FindAsync("base", CancellationToken.None) is null)
        {
            throw new InvalidOperationException($"The lab image netacademy/base:latest is missing on {status.Describe()}: run deploy/build-images.sh.");
        }
    }
}
