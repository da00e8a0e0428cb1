using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Tests.Support;
using NetAcademy.Testing.Runtime;

namespace NetAcademy.Labs.Tests.Runtime.Docker;

/// <summary>
/// A real engine started without userns-remap (deploy/test.sh starts one of the matrix's engines so, for these tests
/// only; they never run against an engine that remaps): root in a node would be root on the host, so the platform
/// must refuse it, with the reason, everywhere a lab could start, and create nothing there.
/// </summary>
[Trait("Category", "EngineWithoutRemap")]
public sealed class EngineWithoutRemapTests
{
    [Fact]
    public async Task Status_EngineWithoutRemap_IsUnavailableWithTheReasonAndNoLabStarts()
    {
        var instance = "test-noremap-" + Guid.NewGuid().ToString("n")[..8];
        await using var services = TestRuntime.Build(instance);
        var (_, info) = await DockerCli.RunAsync("info", "--format", "{{json .SecurityOptions}}");
        Assert.DoesNotContain("name=userns", info, StringComparison.Ordinal);

        var status = await services.GetRequiredService<IRuntimeStatusSource>().GetStatusAsync(CancellationToken.None);
        Assert.False(status.Available);
        Assert.Contains("runs without userns-remap: root in a lab node would be root on the host", status.Problem, StringComparison.Ordinal);

        var report = await services.GetRequiredService<IKernelProbe>().ProbeAsync(CancellationToken.None);
        Assert.Equal(status.Problem, report.Problem);

        var session = SessionId.New();
        var runtime = services.GetRequiredService<ILabRuntime>();
        var ex = await Assert.ThrowsAsync<LabStartException>(() =>
            runtime.StartAsync(new SessionSpec(session, "mallory", TestLabs.TwoNodes(subnet: "10.94.0.0/24", prefix: "10.94.0")), new Progress<StartProgress>(), CancellationToken.None));
        Assert.Contains("without userns-remap", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await DockerCli.LinesAsync("ps", "-aq", "--filter", $"label=netacademy.instance={instance}"));
        Assert.Empty(await DockerCli.LinesAsync("network", "ls", "-q", "--filter", $"label=netacademy.instance={instance}"));
    }

    [Fact]
    public async Task Status_EngineWithoutRemapAndOperatorOptedOut_IsAvailable()
    {
        using var engine = new DockerEngine(Options.Create(new DockerOptions { Endpoint = TestRuntime.Endpoint, AllowWithoutUsernsRemap = true }),
            NullLogger<DockerEngine>.Instance);

        var status = await engine.GetStatusAsync(CancellationToken.None);

        Assert.True(status.Available, status.Problem);
        Assert.False(status.UsernsRemap);
    }
}
