using NetAcademy.Content.Labs;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Labs.Netfilter;

namespace NetAcademy.Content.Tests.Labs;

public sealed class LabLoaderTests
{
    public static TheoryData<string> ValidLabs => Folders("valid-*");

    public static TheoryData<string> InvalidLabs => Folders("invalid-*");

    [Theory]
    [MemberData(nameof(ValidLabs))]
    public void Load_ValidFixture_ReturnsLabWithoutErrors(string name)
    {
        var result = Load(name);

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Lab);
        Assert.Equal(name, result.Lab.Id.Value);
    }

    [Theory]
    [MemberData(nameof(InvalidLabs))]
    public void Load_InvalidFixture_ReportsExpectedErrorsAtTheirPositions(string name)
    {
        var result = Load(name);

        Assert.Null(result.Lab);
        ExpectedErrors.AssertMatches(Path.Combine(TestPaths.LabFixtures, name, "expected-errors.txt"), result.Errors, result.Directory);
        Assert.All(result.Errors, e => Assert.EndsWith("lab.yaml", e.File, StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidFixtures_AtLeastFifteen_EachWithExpectedErrors()
    {
        var folders = Directory.GetDirectories(TestPaths.LabFixtures, "invalid-*");

        Assert.True(folders.Length >= 15);
        Assert.All(folders, f => Assert.True(File.Exists(Path.Combine(f, "expected-errors.txt")), f));
    }

    [Fact]
    public void Load_Minimal_AppliesNodeDefaults()
    {
        var lab = Load("valid-minimal").Lab!;

        var node = Assert.Single(lab.Nodes);
        Assert.Equal(LabNode.DefaultCapabilities, node.Capabilities);
        Assert.Equal(LabNode.DefaultMemoryMiB, node.MemoryMiB);
        Assert.Equal(LabNode.DefaultCpus, node.Cpus);
        Assert.Equal(LabNode.DefaultPids, node.Pids);
        Assert.Equal(LabNode.DefaultDiskMiB, node.DiskMiB);
        Assert.Equal("host1", node.Hostname);
        Assert.Equal(LabLimits.Default, lab.Limits);
        Assert.Empty(lab.Networks);
    }

    [Fact]
    public void Load_Full_ReadsEveryKey()
    {
        var lab = Load("valid-full").Lab!;

        Assert.Equal([KernelFeature.Veth, KernelFeature.Bridge], lab.Requires);
        Assert.Equal(new LabLimits(TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(20)), lab.Limits);
        Assert.Equal(3, lab.PoolSize);
        var host1 = lab.FindNode(new NodeName("host1"))!;
        Assert.Equal([Capability.NET_ADMIN, Capability.NET_RAW, Capability.SYS_ADMIN], host1.Capabilities);
        Assert.Equal((128, 0.25, 100, 64, "first"), (host1.MemoryMiB, host1.Cpus, host1.Pids, host1.DiskMiB, host1.Hostname));
        Assert.Equal("1", host1.Sysctls["net.ipv4.ip_forward"]);
        Assert.Equal("hello", host1.Environment["GREETING"]);
        Assert.Equal(new LabFile("files/tool.py", "/usr/local/bin/tool", 0b111_101_101), Assert.Single(host1.Files));
        Assert.Equal(["setup/host1.sh"], host1.Setup);
        Assert.Empty(host1.SetupAfter);
        Assert.Equal([new NodeName("host1")], lab.FindNode(new NodeName("host2"))!.SetupAfter);

        var underlay = lab.Networks[0];
        Assert.Equal(("underlay", "172.20.0.0/24"), (underlay.Name.Value, underlay.Subnet));
        Assert.Equal(new NetworkAttachment(new NodeName("host2"), "eth0", null), underlay.Attachments[1]);

        var make = lab.FindTask(new TaskId("make-veth"))!;
        Assert.Equal("Create **veth0**.", make.Description);
        Assert.Equal(["Use ip link add."], make.Hints);
        Assert.Equal("ip link add veth0 type veth peer name veth1\n", make.Solution[0].Script);
        Assert.Equal("ip link set veth0 up\n", make.Solution[1].Script);
        var state = Assert.IsType<StateCheck>(make.Checks[0]);
        Assert.Equal(("veth0", "veth", "up", "10.0.0.1/24", "red"), (state.Interface, state.InterfaceKind, state.State, state.Address, state.PeerNetns));
        var command = Assert.IsType<CommandCheck>(make.Checks[1]);
        Assert.Equal(("red", "1 received", "Unreachable", "No reply ({output}, code {exit_code})."), (command.Netns, command.StdoutPattern, command.StdoutNotPattern, command.FailMessage));
        Assert.Equal(["ping", "-c1", "-W1", "10.0.0.2"], command.Argv);

        var reach = lab.FindTask(new TaskId("reach"))!;
        Assert.Equal([new TaskId("make-veth")], reach.Needs);
        var connectivity = Assert.IsType<ConnectivityCheck>(reach.Checks[0]);
        Assert.Equal(("172.20.0.3", ConnectivityProtocol.Tcp, 80, false), (connectivity.Target, connectivity.Protocol, connectivity.Port, connectivity.ExpectSuccess));
        var traffic = Assert.IsType<TrafficCheck>(reach.Checks[1]);
        Assert.Equal(("eth0", 2.0, true), (traffic.Interface, traffic.CaptureSeconds, traffic.ExpectSeen));
        Assert.Equal(["ping", "-c2", "172.20.0.3"], traffic.Trigger!.Argv);
        var route = Assert.IsType<StateCheck>(reach.Checks[2]);
        Assert.Equal(("default", "172.20.0.1", new NodeName("host2")), (route.Route, route.Via, route.Node));
        var vlan = Assert.IsType<StateCheck>(reach.Checks[3]);
        Assert.Equal(("eth1", (int?)10, (bool?)true, (bool?)false), (vlan.Interface, vlan.VlanId, vlan.Pvid, vlan.Tagged));
    }

    [Fact]
    public void Load_WithoutImagesRoot_SkipsRecipeCheck()
    {
        var result = LabLoader.Load(Path.Combine(TestPaths.LabFixtures, "invalid-image-no-recipe"), null, CancellationToken.None);

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Load_FolderWithoutLabYaml_ReportsMissingFile()
    {
        var result = LabLoader.Load(TestPaths.Images, TestPaths.Images, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Contains("has no lab.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RepositoryVethLab_IsValid()
    {
        var result = LabLoader.Load(
            Path.Combine(TestPaths.RepositoryRoot, "labs", "veth-pairs"),
            Path.Combine(TestPaths.RepositoryRoot, "deploy", "images"),
            CancellationToken.None);

        Assert.Empty(result.Errors);
        // The lab grows with the curriculum; its first tasks and their order are what lessons rely on.
        Assert.Equal(["make-namespaces", "make-veth", "address-and-ping"], result.Lab!.Tasks.Take(3).Select(t => t.Id.Value));
    }

    [Fact]
    public void Load_RepositoryNetfilterLab_ReadsTraceChecks()
    {
        var result = LabLoader.Load(
            Path.Combine(TestPaths.RepositoryRoot, "labs", "netfilter-iptables"),
            Path.Combine(TestPaths.RepositoryRoot, "deploy", "images"),
            CancellationToken.None);

        Assert.Empty(result.Errors);
        var nat = result.Lab!.Tasks.Single(t => t.Id.Value == "publish-with-dnat").Checks.OfType<TraceCheck>().Single();
        Assert.Equal((TraceExpectation.Nat, "nat", "PREROUTING", "prerouting", "10.0.2.2:80", 3.0), (nat.Expect, nat.Table, nat.Chain, nat.Hook, nat.NatTo, nat.TraceSeconds));
        Assert.Equal(new TraceMatch("tcp", "10.0.1.2", "10.0.1.1", null, 8080), nat.Match);
        Assert.Equal(["ip", "saddr", "10.0.1.2", "ip", "daddr", "10.0.1.1", "meta", "l4proto", "tcp", "th", "dport", "8080"], nat.Match.ToNftTokens());
        Assert.Equal("client", nat.Trigger!.Node.Value);
    }

    private static LabLoadResult Load(string name) =>
        LabLoader.Load(Path.Combine(TestPaths.LabFixtures, name), TestPaths.Images, CancellationToken.None);

    private static TheoryData<string> Folders(string pattern)
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(TestPaths.LabFixtures, pattern).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }
}
