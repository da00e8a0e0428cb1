using System.Net;
using NetAcademy.Docker.Models;

namespace NetAcademy.Docker.Tests;

/// <summary>
/// One internal network and one running lab-like container shared by the Docker tests. Everything
/// created here or by a test carries <c>netacademy.test=1</c> and this run's
/// <c>netacademy.session</c> label, and is removed by label at the end, also when tests fail.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string BaseImage = "netacademy/base:latest";
    public const string SessionLabelKey = "netacademy.session";
    public const long MemoryLimit = 256L * 1024 * 1024;
    public const long PidsLimit = 128;
    public const string Hostname = "na-test-node";

    public DockerFixture()
    {
        Session = "test-docker-" + Guid.NewGuid().ToString("N")[..10];
        Client = new DockerClient();
    }

    public DockerClient Client { get; }

    /// <summary>Value of the netacademy.session label of this run.</summary>
    public string Session { get; }

    public string NetworkName => Session + "-net";

    public string NetworkId { get; private set; } = string.Empty;

    /// <summary>Subnet prefix such as <c>10.213.7</c>; the network is prefix.0/24.</summary>
    public string SubnetPrefix { get; private set; } = string.Empty;

    public string ContainerIp => SubnetPrefix + ".10";

    public string ContainerName => Session + "-node";

    public string ContainerId { get; private set; } = string.Empty;

    /// <summary>Fresh copy of the labels every test resource must carry.</summary>
    public Dictionary<string, string> Labels() => new()
    {
        ["netacademy.test"] = "1",
        [SessionLabelKey] = Session,
    };

    /// <summary>A resource name unique to this run.</summary>
    public string NewName(string role) => $"{Session}-{role}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Creates (and optionally starts) a plain container from the base image with the test labels.</summary>
    public async Task<string> CreateContainerAsync(string name, bool start, CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Name = name,
                Image = BaseImage,
                Cmd = ["sleep", "infinity"],
                Labels = Labels(),
                HostConfig = new HostConfig { Init = true, NetworkMode = "none", Memory = 64L * 1024 * 1024, PidsLimit = 32 },
            },
            cancellationToken);
        if (start)
        {
            await Client.Containers.StartContainerAsync(created.ID, cancellationToken);
        }

        return created.ID;
    }

    public async Task InitializeAsync()
    {
        try
        {
            await RequireBaseImageAsync();
            await CreateNetworkAsync();
            var created = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = ContainerName,
                Image = BaseImage,
                Cmd = ["sleep", "infinity"],
                Hostname = Hostname,
                Labels = Labels(),
                HostConfig = new HostConfig
                {
                    CapAdd = ["NET_ADMIN", "NET_RAW"],
                    Memory = MemoryLimit,
                    MemorySwap = MemoryLimit,
                    PidsLimit = PidsLimit,
                    Init = true,
                    NetworkMode = NetworkName,
                    Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" },
                },
                NetworkingConfig = new NetworkingConfig
                {
                    EndpointsConfig = new Dictionary<string, EndpointSettings>
                    {
                        [NetworkName] = new() { IPAMConfig = new EndpointIPAMConfig { IPv4Address = ContainerIp }, Aliases = ["node"] },
                    },
                },
            });
            ContainerId = created.ID;
            await Client.Containers.StartContainerAsync(ContainerId);
        }
        catch
        {
            await CleanupAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await CleanupAsync();
        Client.Dispose();
    }

    private async Task RequireBaseImageAsync()
    {
        try
        {
            await Client.Images.InspectImageAsync(BaseImage);
        }
        catch (DockerNotFoundException ex)
        {
            throw new InvalidOperationException(
                $"The Docker tests need the image {BaseImage}, which is not present. Build it with deploy/build-images.sh, then run the tests again.",
                ex);
        }
    }

    /// <summary>Picks a random /24 in 10.200-249.x; retries when it overlaps a network that exists.</summary>
    private async Task CreateNetworkAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            SubnetPrefix = $"10.{Random.Shared.Next(200, 250)}.{Random.Shared.Next(0, 256)}";
            try
            {
                var created = await Client.Networks.CreateNetworkAsync(new NetworksCreateParameters
                {
                    Name = NetworkName,
                    Internal = true,
                    Labels = Labels(),
                    IPAM = new IPAM { Config = [new IPAMConfig { Subnet = SubnetPrefix + ".0/24", Gateway = SubnetPrefix + ".1" }] },
                });
                NetworkId = created.ID;
                return;
            }
            catch (DockerApiException ex) when (attempt < 5 && ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
            {
                // Subnet already taken by another network; try another one.
            }
        }
    }

    private async Task CleanupAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var labels = new Dictionary<string, string?> { [SessionLabelKey] = Session };
        try
        {
            var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, LabelFilters = labels }, timeout.Token);
            foreach (var container in containers)
            {
                try
                {
                    await Client.Containers.RemoveContainerAsync(container.ID, force: true, timeout.Token);
                }
                catch (DockerNotFoundException)
                {
                    // Removed meanwhile (AutoRemove or a test).
                }
            }

            foreach (var network in await Client.Networks.ListNetworksAsync(labels, timeout.Token))
            {
                try
                {
                    await Client.Networks.RemoveNetworkAsync(network.ID, timeout.Token);
                }
                catch (DockerNotFoundException)
                {
                    // Removed meanwhile.
                }
            }
        }
        catch (DockerUnavailableException)
        {
            // Nothing can have been created without a daemon.
        }
    }
}
