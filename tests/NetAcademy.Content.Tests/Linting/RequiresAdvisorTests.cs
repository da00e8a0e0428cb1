using NetAcademy.Content.Linting;

namespace NetAcademy.Content.Tests.Linting;

public sealed class RequiresAdvisorTests
{
    private const string Lab = """
        title: VLANs
        requires: [veth{0}]
        nodes:
          - name: host1
            image: base
            setup: [setup.sh]
        tasks:
          - id: t1
            title: Task one
            checks:
              - kind: command
                node: host1
                argv: [ip, link]
        """;

    private const string Setup = "ip link add v0 type veth peer name v1\nip link add link v0 name v0.10 type vlan id 10\n";

    [Fact]
    public void Warnings_ScriptUsesVlanNotRequired_WarnsAtTheUse()
    {
        var folder = WriteLab(string.Format(Lab, ""));
        try
        {
            var warning = Assert.Single(RequiresAdvisor.Warnings(folder, null, CancellationToken.None));

            Assert.Equal((Path.Combine(folder, "setup.sh"), 2), (warning.File, warning.Line));
            Assert.Contains("uses vlan (`type vlan`) but its requires does not name it", warning.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Warnings_UseRequired_None()
    {
        var folder = WriteLab(string.Format(Lab, ", vlan"));
        try
        {
            Assert.Empty(RequiresAdvisor.Warnings(folder, null, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Warnings_OvsBridgeOnTheUserspaceDatapathNotRequiringTun_WarnsAtTheUse()
    {
        var folder = WriteLab(string.Format(Lab, ", vlan"));
        try
        {
            File.WriteAllText(Path.Combine(folder, "setup.sh"), "ovs-start\novs-vsctl add-br br0 -- set bridge br0 datapath_type=netdev\n");

            var warning = Assert.Single(RequiresAdvisor.Warnings(folder, null, CancellationToken.None));

            Assert.Equal((Path.Combine(folder, "setup.sh"), 2), (warning.File, warning.Line));
            Assert.Contains("uses tun (`datapath_type=netdev`)", warning.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Warnings_ShippedLabs_None() =>
        Assert.Empty(RequiresAdvisor.Warnings(Path.Combine(TestPaths.RepositoryRoot, "labs"), Path.Combine(TestPaths.RepositoryRoot, "deploy", "images"), CancellationToken.None));

    private static string WriteLab(string yaml)
    {
        // A lab's id is its folder's name, in lower case.
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "netacademy-requires-" + Guid.NewGuid().ToString("n")[..8])).FullName;
        File.WriteAllText(Path.Combine(folder, "lab.yaml"), yaml);
        File.WriteAllText(Path.Combine(folder, "setup.sh"), Setup);
        return folder;
    }
}
