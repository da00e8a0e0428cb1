using System.Text.Json;
using NetAcademy.Docker.Models;

namespace NetAcademy.Docker.Tests.Networks;

[Collection(DockerCollection.Name)]
public sealed class NetworkOperationsTests(DockerFixture fixture)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private readonly DockerClient _client = fixture.Client;

    [Fact]
    public async Task InspectNetworkAsync_FixtureNetwork_IsInternalWithLabelsSubnetAndContainer()
    {
        var network = await _client.Networks.InspectNetworkAsync(fixture.NetworkId, CancellationToken.None);

        Assert.Equal(fixture.NetworkName, network.Name);
        Assert.Equal("bridge", network.Driver);
        Assert.True(network.Internal);
        Assert.Equal(fixture.Session, network.Labels[DockerFixture.SessionLabelKey]);
        var pool = Assert.Single(network.IPAM.Config);
        Assert.Equal(fixture.SubnetPrefix + ".0/24", pool.Subnet);
        Assert.Equal(fixture.SubnetPrefix + ".1", pool.Gateway);
        var endpoint = Assert.Contains(fixture.ContainerId, network.Containers);
        Assert.Equal(fixture.ContainerName, endpoint.Name);
        Assert.Equal(fixture.ContainerIp + "/24", endpoint.IPv4Address);
    }

    [Fact]
    public async Task ListNetworksAsync_SessionLabel_FindsFixtureNetworkOnly()
    {
        var mine = await _client.Networks.ListNetworksAsync(
            new Dictionary<string, string?> { [DockerFixture.SessionLabelKey] = fixture.Session }, CancellationToken.None);
        var none = await _client.Networks.ListNetworksAsync(
            new Dictionary<string, string?> { [DockerFixture.SessionLabelKey] = fixture.Session + "-other" }, CancellationToken.None);

        Assert.Contains(mine, n => n.ID == fixture.NetworkId && n.Name == fixture.NetworkName);
        Assert.All(mine, n => Assert.Equal(fixture.Session, n.Labels[DockerFixture.SessionLabelKey]));
        Assert.Empty(none);
    }

    [Fact]
    public async Task InspectNetworkAsync_UnknownNetwork_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<DockerNotFoundException>(
            () => _client.Networks.InspectNetworkAsync(fixture.NewName("nonet"), CancellationToken.None));
    }

    [Fact]
    public async Task ConnectNetworkAsync_StaticAddress_AppearsInContainerAndGoesAwayOnDisconnect()
    {
        var prefix = fixture.SubnetPrefix.Split('.') is [var a, var b, var c] ? $"{a}.{b}.{(int.Parse(c) + 1) % 256}" : throw new InvalidOperationException();
        var name = fixture.NewName("net2");
        var created = await _client.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = name,
            Internal = true,
            Labels = fixture.Labels(),
            IPAM = new IPAM { Config = [new IPAMConfig { Subnet = prefix + ".0/24" }] },
        });
        Assert.False(string.IsNullOrEmpty(created.ID));

        await _client.Networks.ConnectNetworkAsync(created.ID, new NetworkConnectParameters
        {
            Container = fixture.ContainerId,
            EndpointConfig = new EndpointSettings { IPAMConfig = new EndpointIPAMConfig { IPv4Address = prefix + ".20" } },
        });
        var addressesWhileConnected = await LocalAddressesAsync();
        var inspectWhileConnected = await _client.Containers.InspectContainerAsync(fixture.ContainerId);

        await _client.Networks.DisconnectNetworkAsync(created.ID, fixture.ContainerId, force: false);
        var addressesAfter = await LocalAddressesAsync();
        await _client.Networks.RemoveNetworkAsync(created.ID);

        Assert.Contains(prefix + ".20", addressesWhileConnected);
        Assert.Equal(prefix + ".20", inspectWhileConnected.NetworkSettings.Networks[name].IPAddress);
        Assert.DoesNotContain(prefix + ".20", addressesAfter);
        Assert.Contains(fixture.ContainerIp, addressesAfter);
        await Assert.ThrowsAsync<DockerNotFoundException>(() => _client.Networks.InspectNetworkAsync(created.ID));
    }

    [Fact]
    public async Task CreateNetworkAsync_DuplicateName_ThrowsConflict()
    {
        var parameters = new NetworksCreateParameters { Name = fixture.NetworkName, Internal = true, Labels = fixture.Labels() };

        await Assert.ThrowsAsync<DockerConflictException>(() => _client.Networks.CreateNetworkAsync(parameters));
    }

    private async Task<List<string>> LocalAddressesAsync()
    {
        var result = await _client.Exec.RunAsync(fixture.ContainerId, ["ip", "-j", "-4", "addr"], RunTimeout);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray()
            .SelectMany(link => link.GetProperty("addr_info").EnumerateArray())
            .Select(addr => addr.GetProperty("local").GetString()!)
            .ToList();
    }
}
