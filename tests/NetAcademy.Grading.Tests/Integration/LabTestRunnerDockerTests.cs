using System.Text.RegularExpressions;
using NetAcademy.Content.Labs;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Tasks;
using NetAcademy.Grading.Testing;

namespace NetAcademy.Grading.Tests.Integration;

/// <summary>The lab test runner over the real labs/veth-pairs and the example lab of docs/lab-format.md, on real containers.</summary>
[Collection(DockerCollection.Name)]
public sealed class LabTestRunnerDockerTests(GradingDockerFixture fixture)
{
    [Fact]
    public async Task RunLabAsync_VethPairs_FailsBeforeAndPassesAfterEveryTask()
    {
        var lab = GradingDockerFixture.WithRandomSubnet(LoadLab("veth-pairs"));
        var runner = new LabTestRunner(fixture.Runtime, new TaskGrader(CheckRegistry.CreateDefault(new GradingOptions(), NetAcademy.Grading.Tests.Traffic.TrafficCheckEvaluatorTests.Captures())),
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

    [Fact]
    public async Task RunLabAsync_ExampleInTheLabFormatDocs_FailsBeforeAndPassesAfterEveryTask()
    {
        const string Id = "ping-and-a-web-server";
        var folder = Directory.CreateTempSubdirectory("netacademy-doc-example-").FullName;
        try
        {
            // The page gives each file as a bold `labs/ID/PATH` line followed by a fenced block.
            var page = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "lab-format.md"));
            var files = Regex.Matches(page, @"\*\*`labs/" + Id + @"/(?<path>[^`]+)`\*\*\s*\n+```[a-z]*\n(?<body>.*?)```", RegexOptions.Singleline);
            Assert.Equal(["lab.yaml", "setup/client.sh", "setup/server.sh"], files.Select(m => m.Groups["path"].Value));
            foreach (Match file in files)
            {
                var path = Path.Combine(folder, Id, file.Groups["path"].Value);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, file.Groups["body"].Value);
            }

            var loaded = LabLoader.Load(Path.Combine(folder, Id), Path.Combine(RepositoryRoot(), "deploy", "images"), default);
            Assert.True(loaded.Lab is not null, string.Join("; ", loaded.Errors.Select(e => e.ToString())));
            var runner = new LabTestRunner(fixture.Runtime, new TaskGrader(CheckRegistry.CreateDefault(new GradingOptions(), NetAcademy.Grading.Tests.Traffic.TrafficCheckEvaluatorTests.Captures())), fixture.GraphProvider, _ => null);
            var progress = new StringWriter();

            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var result = Assert.Single(await runner.RunAsync([loaded.Lab], progress, cts.Token));

            Assert.True(result.Passed, progress.ToString());
            Assert.Equal(1 + (2 * 2), result.Cases.Count);
            // The fail message's {output} is filled from the node: the fresh lab's blackhole route is quoted.
            Assert.Contains("client still has this route: blackhole 10.10.0.30", result.Cases.Single(c => c.Name == LabTestRunner.FailsBeforeName(new("fix-route"))).Detail, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NetAcademy.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root (with NetAcademy.sln) was not found.");
        }

        return root;
    }

    private static Lab LoadLab(string id)
    {
        var loaded = LabLoader.Load(Path.Combine(RepositoryRoot(), "labs", id), Path.Combine(RepositoryRoot(), "deploy", "images"), default);
        return loaded.Lab ?? throw new InvalidOperationException($"labs/{id} does not load: {string.Join("; ", loaded.Errors.Select(e => e.ToString()))}");
    }
}
