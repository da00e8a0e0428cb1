using System.Formats.Tar;
using System.Text;
using NetAcademy.Docker.Models;

namespace NetAcademy.Docker.Tests.Containers;

[Collection(DockerCollection.Name)]
public sealed class ContainerOperationsTests(DockerFixture fixture)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private readonly DockerClient _client = fixture.Client;

    [Fact]
    public async Task InspectContainerAsync_FixtureContainer_HasRequestedLimitsCapabilitiesAndAddress()
    {
        var inspect = await _client.Containers.InspectContainerAsync(fixture.ContainerId, CancellationToken.None);

        Assert.Equal(fixture.ContainerId, inspect.ID);
        Assert.Equal("/" + fixture.ContainerName, inspect.Name);
        Assert.True(inspect.State.Running);
        Assert.Equal("running", inspect.State.Status);
        Assert.True(inspect.State.Pid > 0);
        Assert.True(inspect.State.StartedAt > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.False(inspect.HostConfig.Privileged);
        Assert.Equal(DockerFixture.MemoryLimit, inspect.HostConfig.Memory);
        Assert.Equal(DockerFixture.PidsLimit, inspect.HostConfig.PidsLimit);
        Assert.Equal(true, inspect.HostConfig.Init);
        Assert.Equal(new[] { "NET_ADMIN", "NET_RAW" }, inspect.HostConfig.CapAdd!.Order());
        Assert.Equal("1", inspect.HostConfig.Sysctls!["net.ipv4.ip_forward"]);
        Assert.Equal(DockerFixture.Hostname, inspect.Config.Hostname);
        Assert.Equal(DockerFixture.BaseImage, inspect.Config.Image);
        Assert.Equal(fixture.Session, inspect.Config.Labels[DockerFixture.SessionLabelKey]);
        Assert.Equal("1", inspect.Config.Labels["netacademy.test"]);

        var endpoint = Assert.Contains(fixture.NetworkName, inspect.NetworkSettings.Networks);
        Assert.Equal(fixture.NetworkId, endpoint.NetworkID);
        Assert.Equal(fixture.ContainerIp, endpoint.IPAddress);
        Assert.Equal(24, endpoint.IPPrefixLen);
        Assert.False(string.IsNullOrEmpty(endpoint.MacAddress));
    }

    [Fact]
    public async Task ListContainersAsync_SessionLabel_FindsFixtureContainerOnly()
    {
        var byLabel = await _client.Containers.ListContainersAsync(
            new ContainersListParameters { LabelFilters = new Dictionary<string, string?> { [DockerFixture.SessionLabelKey] = fixture.Session, ["netacademy.test"] = null } },
            CancellationToken.None);
        var otherSession = await _client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, LabelFilters = new Dictionary<string, string?> { [DockerFixture.SessionLabelKey] = fixture.Session + "-other" } },
            CancellationToken.None);

        var entry = Assert.Single(byLabel, c => c.ID == fixture.ContainerId);
        Assert.Equal(new[] { "/" + fixture.ContainerName }, entry.Names);
        Assert.Equal("running", entry.State);
        Assert.Equal(DockerFixture.BaseImage, entry.Image);
        Assert.Equal(fixture.Session, entry.Labels[DockerFixture.SessionLabelKey]);
        Assert.Empty(otherSession);
    }

    [Fact]
    public async Task InspectContainerAsync_UnknownContainer_ThrowsNotFound()
    {
        var ex = await Assert.ThrowsAsync<DockerNotFoundException>(
            () => _client.Containers.InspectContainerAsync(fixture.NewName("missing"), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Contains("No such container", ex.DaemonMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateContainerAsync_DuplicateName_ThrowsConflict()
    {
        var ex = await Assert.ThrowsAsync<DockerConflictException>(
            () => fixture.CreateContainerAsync(fixture.ContainerName, start: false, CancellationToken.None));

        Assert.Contains("already in use", ex.DaemonMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateContainerAsync_MissingImage_ThrowsNotFound()
    {
        var parameters = new CreateContainerParameters { Name = fixture.NewName("noimage"), Image = "netacademy/does-not-exist:never", Labels = fixture.Labels() };

        await Assert.ThrowsAsync<DockerNotFoundException>(() => _client.Containers.CreateContainerAsync(parameters, CancellationToken.None));
    }

    [Fact]
    public async Task ExtractArchiveToContainerAsync_TarWithFile_FileAppearsInContainer()
    {
        var content = "uploaded " + Guid.NewGuid().ToString("N") + "\n";
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "lab/hello.txt")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "lab/") { Mode = (UnixFileMode)0b111_101_101 });
            writer.WriteEntry(entry);
        }

        tar.Position = 0;

        await _client.Containers.ExtractArchiveToContainerAsync(fixture.ContainerId, "/tmp", tar, CancellationToken.None);
        var cat = await _client.Exec.RunAsync(fixture.ContainerId, ["cat", "/tmp/lab/hello.txt"], RunTimeout, CancellationToken.None);
        var mode = await _client.Exec.RunAsync(fixture.ContainerId, ["stat", "-c", "%a", "/tmp/lab/hello.txt"], RunTimeout, CancellationToken.None);

        Assert.Equal(0, cat.ExitCode);
        Assert.Equal(content, cat.Stdout);
        Assert.Equal("644\n", mode.Stdout);
    }

    [Fact]
    public async Task ExtractArchiveToContainerAsync_MissingDirectory_ThrowsNotFound()
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "x.txt") { DataStream = new MemoryStream([1, 2, 3]) });
        }

        tar.Position = 0;

        await Assert.ThrowsAsync<DockerNotFoundException>(
            () => _client.Containers.ExtractArchiveToContainerAsync(fixture.ContainerId, "/no/such/dir", tar, CancellationToken.None));
    }

    [Fact]
    public async Task StopKillRemove_Lifecycle_StatesAndErrorsAsExpected()
    {
        var id = await fixture.CreateContainerAsync(fixture.NewName("life"), start: true, CancellationToken.None);
        Assert.True((await _client.Containers.InspectContainerAsync(id, CancellationToken.None)).State.Running);

        await _client.Containers.StopContainerAsync(id, TimeSpan.FromSeconds(2), CancellationToken.None);
        var stopped = await _client.Containers.InspectContainerAsync(id, CancellationToken.None);
        Assert.False(stopped.State.Running);
        Assert.Equal("exited", stopped.State.Status);

        // Stopping again is a no-op (the daemon answers 304); killing a stopped container is a conflict.
        await _client.Containers.StopContainerAsync(id, TimeSpan.FromSeconds(1), CancellationToken.None);
        await Assert.ThrowsAsync<DockerConflictException>(() => _client.Containers.KillContainerAsync(id, "SIGKILL", CancellationToken.None));

        await _client.Containers.StartContainerAsync(id, CancellationToken.None);
        await _client.Containers.KillContainerAsync(id, "SIGKILL", CancellationToken.None);
        var killed = await WaitUntilAsync(id, s => !s.Running);
        Assert.Equal(137, killed.ExitCode);

        await _client.Containers.RemoveContainerAsync(id, force: false, CancellationToken.None);
        await Assert.ThrowsAsync<DockerNotFoundException>(() => _client.Containers.InspectContainerAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task RemoveContainerAsync_RunningWithoutForce_ThrowsConflict()
    {
        var id = await fixture.CreateContainerAsync(fixture.NewName("busy"), start: true, CancellationToken.None);

        await Assert.ThrowsAsync<DockerConflictException>(() => _client.Containers.RemoveContainerAsync(id, force: false, CancellationToken.None));
        await _client.Containers.RemoveContainerAsync(id, force: true, CancellationToken.None);
        await Assert.ThrowsAsync<DockerNotFoundException>(() => _client.Containers.InspectContainerAsync(id, CancellationToken.None));
    }

    private async Task<ContainerState> WaitUntilAsync(string id, Func<ContainerState, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var state = (await _client.Containers.InspectContainerAsync(id, CancellationToken.None)).State;
            if (condition(state) || DateTime.UtcNow > deadline)
            {
                return state;
            }

            await Task.Delay(100);
        }
    }
}
