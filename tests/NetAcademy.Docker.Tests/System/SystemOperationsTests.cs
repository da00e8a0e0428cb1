using NetAcademy.Docker.Models;

namespace NetAcademy.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class SystemOperationsTests(DockerFixture fixture)
{
    private readonly DockerClient _client = fixture.Client;

    [Fact]
    public async Task GetVersionAsync_RunningDaemon_ReportsLinuxAndApiAtLeast141()
    {
        var version = await _client.System.GetVersionAsync();

        Assert.Equal("linux", version.Os);
        Assert.False(string.IsNullOrEmpty(version.Version));
        Assert.False(string.IsNullOrEmpty(version.KernelVersion));
        Assert.True(Version.Parse(version.ApiVersion) >= new Version(1, 41), $"API {version.ApiVersion}");
    }

    [Fact]
    public async Task PingAsync_RunningDaemon_ReturnsTrue()
    {
        Assert.True(await _client.System.PingAsync());
    }

    [Fact]
    public async Task PingAsync_MissingSocket_ReturnsFalse()
    {
        using var client = new DockerClient(new DockerClientOptions { Endpoint = "unix:///tmp/netacademy-no-such-docker.sock" });

        Assert.False(await client.System.PingAsync());
    }

    [Fact]
    public async Task GetVersionAsync_MissingSocket_ThrowsUnavailableNamingEndpoint()
    {
        const string endpoint = "unix:///tmp/netacademy-no-such-docker.sock";
        using var client = new DockerClient(new DockerClientOptions { Endpoint = endpoint });

        var ex = await Assert.ThrowsAsync<DockerUnavailableException>(() => client.System.GetVersionAsync());

        Assert.Equal(endpoint, ex.Endpoint);
        Assert.Contains(endpoint, ex.Message, StringComparison.Ordinal);
        Assert.Contains("ensure-docker.sh", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAndAttachAsync_MissingSocket_ThrowsUnavailable()
    {
        using var client = new DockerClient(new DockerClientOptions { Endpoint = "unix:///tmp/netacademy-no-such-docker.sock" });

        await Assert.ThrowsAsync<DockerUnavailableException>(() => client.Exec.StartAndAttachAsync("abc", tty: true));
    }

    [Fact]
    public void DockerClient_UnsupportedEndpoint_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DockerClient(new DockerClientOptions { Endpoint = "npipe:////./pipe/docker_engine" }));

        Assert.Contains("npipe", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorEventsAsync_ContainerCreatedWithSessionLabel_ReportsCreateEvent()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var name = fixture.NewName("events");
        var parameters = new EventsParameters
        {
            // Replaying from a second ago makes the test independent of when the stream is subscribed.
            Since = DateTimeOffset.UtcNow.AddSeconds(-1),
            Types = ["container"],
            LabelFilters = new Dictionary<string, string?> { [DockerFixture.SessionLabelKey] = fixture.Session },
        };
        var id = await fixture.CreateContainerAsync(name, start: false, timeout.Token);

        DockerEvent? created = null;
        await foreach (var dockerEvent in _client.System.MonitorEventsAsync(parameters, timeout.Token))
        {
            Assert.Equal("container", dockerEvent.Type);
            Assert.Equal(fixture.Session, dockerEvent.Actor.Attributes[DockerFixture.SessionLabelKey]);
            if (dockerEvent.Action == "create" && dockerEvent.Actor.ID == id)
            {
                created = dockerEvent;
                break;
            }
        }

        Assert.NotNull(created);
        Assert.Equal(name, created.Actor.Attributes["name"]);
        Assert.True(created.Timestamp > DateTimeOffset.UtcNow.AddMinutes(-1));
    }
}
