using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Testing.Runtime;

namespace NetAcademy.Grading.Tests.Integration;

/// <summary>
/// A real Docker-backed runtime under a unique instance name ("test-grading-..."), and one running two-node lab:
/// a (underlay0 = .2) and b (eth0 = .3) on an internal network with a random 10.x.y.0/24 subnet, so parallel test
/// runs never clash. Everything with the instance label is removed at the end, also after failures.
/// </summary>
public sealed class GradingDockerFixture : IAsyncLifetime
{
    /// <summary>Instance label of everything these tests create.</summary>
    public string Instance { get; } = "test-grading-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>The platform's own lab services, composed as the server composes them.</summary>
    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>The runtime.</summary>
    public ILabRuntime Runtime { get; private set; } = null!;

    /// <summary>The running two-node lab's session.</summary>
    public SessionId Session { get; } = SessionId.New();

    /// <summary>The two-node lab.</summary>
    public Lab Lab { get; private set; } = null!;

    /// <summary>First three octets of the lab's subnet, e.g. "10.213.7".</summary>
    public string Prefix { get; } = $"10.{RandomNumberGenerator.GetInt32(200, 250)}.{RandomNumberGenerator.GetInt32(1, 254)}";

    /// <summary>Node a's address.</summary>
    public string AddressA => Prefix + ".2";

    /// <summary>Node b's address.</summary>
    public string AddressB => Prefix + ".3";

    /// <summary>A shell into the running lab.</summary>
    public INodeShell Shell => Runtime.GetShell(Session, Lab.Nodes.Select(n => n.Name).ToList());

    /// <summary>Reads the live graph of any session of this runtime, the way the server and <c>lab test</c> read it.</summary>
    public Func<CancellationToken, Task<InterfaceGraph>> GraphProvider(SessionId session, Lab lab) =>
        ct => Services.GetRequiredService<SessionGraphReader>().ReadAsync(session, lab, ct);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Services = TestRuntime.Build(Instance, new Dictionary<string, string?> { ["Labs:SetupTimeout"] = "00:01:00" });
        await TestRuntime.RequireBaseImageAsync(Services.GetRequiredService<DockerEngine>());
        Runtime = Services.GetRequiredService<ILabRuntime>();
        Lab = TwoNodes();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await Runtime.StartAsync(new SessionSpec(Session, "grading-test", Lab), new Progress<StartProgress>(), cts.Token);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await Runtime.StopAsync(Session, cts.Token);
        }
        finally
        {
            await DockerCli.RemoveInstanceAsync(Instance);
            await Services.DisposeAsync();
        }
    }

    /// <summary>Replaces the subnet of every network of <paramref name="lab"/> with a random one, keeping host parts.</summary>
    public static Lab WithRandomSubnet(Lab lab)
    {
        var networks = lab.Networks.Select(n =>
        {
            var prefix = $"10.{RandomNumberGenerator.GetInt32(200, 250)}.{RandomNumberGenerator.GetInt32(1, 254)}";
            return n with
            {
                Subnet = prefix + ".0/24",
                Attachments = n.Attachments.Select(a => a with { Address = a.Address is null ? null : prefix + a.Address[a.Address.LastIndexOf('.')..] }).ToList(),
            };
        }).ToList();
        return lab with { Networks = networks };
    }

    private Lab TwoNodes()
    {
        static LabNode Node(string name) => new(new NodeName(name), "base", [Capability.NET_ADMIN, Capability.NET_RAW, Capability.SYS_ADMIN], 128, 0.5, 64,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], name, []);
        var network = new LabNetwork(new NetworkName("underlay"), Prefix + ".0/24",
        [
            new NetworkAttachment(new NodeName("a"), "underlay0", AddressA),
            new NetworkAttachment(new NodeName("b"), "eth0", AddressB),
        ]);
        return new Lab(new LabId("test-grading"), "Grading", "test", [Node("a"), Node("b")], [network], [], [], LabLimits.Default,
            Directory.CreateTempSubdirectory("netacademy-grading-").FullName);
    }
}
