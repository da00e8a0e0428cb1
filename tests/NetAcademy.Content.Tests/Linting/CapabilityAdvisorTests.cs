using NetAcademy.Content.Linting;

namespace NetAcademy.Content.Tests.Linting;

public sealed class CapabilityAdvisorTests
{
    private static string Labs => Path.Combine(TestPaths.RepositoryRoot, "labs");

    private static string Images => Path.Combine(TestPaths.RepositoryRoot, "deploy", "images");

    [Fact]
    public void Warnings_LabUsingNetnsAsksForSysAdmin_WarnsAtTheNodesLine()
    {
        var warnings = CapabilityAdvisor.Warnings(Path.Combine(Labs, "veth-pairs"), Images, CancellationToken.None);

        var warning = Assert.Single(warnings);
        var lines = File.ReadAllLines(warning.File);
        Assert.Contains("SYS_ADMIN", lines[warning.Line - 1], StringComparison.Ordinal);
        Assert.StartsWith("node host1 asks for SYS_ADMIN", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("the lab uses network namespaces (ip netns), which need it. List the lab in docs/security.md.", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_LabWithoutNetnsAsksForSysAdmin_AsksToDropItOrSayWhy()
    {
        var warnings = CapabilityAdvisor.Warnings(Path.Combine(Labs, "drbd-replication"), Images, CancellationToken.None);

        Assert.Equal(["alpha", "bravo"], warnings.Select(w => w.Message.Split(' ')[1]));
        Assert.All(warnings, w => Assert.EndsWith("no file of the lab uses ip netns: drop it unless a tool needs it, and say which in docs/security.md.", w.Message, StringComparison.Ordinal));
        Assert.NotEqual(warnings[0].Line, warnings[1].Line);
    }

    [Fact]
    public void Warnings_LabWithoutSysAdmin_None() =>
        Assert.Empty(CapabilityAdvisor.Warnings(Path.Combine(Labs, "tun-tap"), Images, CancellationToken.None));
}
