using NetAcademy.Content.Labs;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Tasks;
using NetAcademy.Grading.Testing;

namespace NetAcademy.Grading.Tests.Integration;

/// <summary>The lab test runner over the real labs/veth-pairs, on real containers.</summary>
[Collection(DockerCollection.Name)]
public sealed class LabTestRunnerDockerTests(GradingDockerFixture fixture)
{
    [Fact]
    public async Task RunLabAsync_VethPairs_FailsBeforeAndPassesAfterEveryTask()
    {
        var lab = GradingDockerFixture.WithRandomSubnet(LoadLab("veth-pairs"));
        var runner = new LabTestRunner(fixture.Runtime, new TaskGrader(CheckRegistry.CreateDefault(new GradingOptions())),
            fixture.GraphProvider, _ => null);
        var progress = new StringWriter();

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var results = await runner.RunAsync([lab], progress, cts.Token);

        var result = Assert.Single(results);
        Assert.True(result.Passed, progress.ToString());
        Assert.Equal(1 + (2 * lab.Tasks.Count), result.Cases.Count);
        Assert.All(result.Cases, c => Assert.Equal(LabTestOutcome.Passed, c.Outcome));
        Assert.Contains("veth-pairs: ok   address-and-ping passes after solution", progress.ToString());
        var left = await DockerCli.LinesAsync("ps", "-aq", "--filter", $"label=netacademy.instance={fixture.Instance}", "--filter", "label=netacademy.lab=veth-pairs");
        Assert.Empty(left);
    }

    private static Lab LoadLab(string id)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NetAcademy.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root (with NetAcademy.sln) was not found.");
        }

        var loaded = LabLoader.Load(Path.Combine(root, "labs", id), Path.Combine(root, "deploy", "images"), default);
        return loaded.Lab ?? throw new InvalidOperationException($"labs/{id} does not load: {string.Join("; ", loaded.Errors.Select(e => e.ToString()))}");
    }
}
