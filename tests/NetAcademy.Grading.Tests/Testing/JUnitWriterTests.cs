using System.Xml.Linq;
using NetAcademy.Core.Ids;
using NetAcademy.Grading.Testing;

namespace NetAcademy.Grading.Tests.Testing;

public sealed class JUnitWriterTests
{
    private static readonly IReadOnlyList<LabTestResult> Results =
    [
        new(new LabId("veth-pairs"),
        [
            new LabTestCase("starts", LabTestOutcome.Passed, null, null, TimeSpan.FromSeconds(2)),
            new LabTestCase("make-veth fails before solution", LabTestOutcome.Passed, null, "[fail] Check 1", TimeSpan.FromSeconds(1)),
            new LabTestCase("make-veth passes after solution", LabTestOutcome.Failed, "Check 1 (state on host1) fails after the solution: <no peer>",
                "output with a bell \a and <xml>", TimeSpan.FromSeconds(1.5)),
        ], null, TimeSpan.FromSeconds(5)),
        new(new LabId("vxlan"),
        [
            new LabTestCase("starts", LabTestOutcome.Skipped, "no vxlan on this host", null, TimeSpan.Zero),
            new LabTestCase("tunnel fails before solution", LabTestOutcome.Skipped, "no vxlan on this host", null, TimeSpan.Zero),
        ], "no vxlan on this host", TimeSpan.Zero),
    ];

    [Fact]
    public void Write_Results_OneSuitePerLabOneCasePerPhase()
    {
        var xml = Write();

        var root = xml.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("5", root.Attribute("tests")!.Value);
        Assert.Equal("1", root.Attribute("failures")!.Value);
        Assert.Equal("2", root.Attribute("skipped")!.Value);
        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(["veth-pairs", "vxlan"], suites.Select(s => s.Attribute("name")!.Value));
        Assert.Equal("5.000", suites[0].Attribute("time")!.Value);
        Assert.Equal(["starts", "make-veth fails before solution", "make-veth passes after solution"],
            suites[0].Elements("testcase").Select(c => c.Attribute("name")!.Value));
        Assert.All(suites[0].Elements("testcase"), c => Assert.Equal("labs.veth-pairs", c.Attribute("classname")!.Value));
    }

    [Fact]
    public void Write_Failure_HasMessageAndCleanedDetail()
    {
        var failure = Write().Descendants("failure").Single();

        Assert.Equal("Check 1 (state on host1) fails after the solution: <no peer>", failure.Attribute("message")!.Value);
        Assert.Equal("output with a bell  and <xml>", failure.Value);
    }

    [Fact]
    public void Write_SkippedLab_EveryCaseSkippedWithReason()
    {
        var suite = Write().Root!.Elements("testsuite").Last();

        Assert.Equal("2", suite.Attribute("skipped")!.Value);
        Assert.All(suite.Elements("testcase"), c => Assert.Equal("no vxlan on this host", c.Element("skipped")!.Attribute("message")!.Value));
    }

    [Fact]
    public async Task WriteFileAsync_Path_WritesParsableFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"junit-{Guid.NewGuid():n}.xml");
        try
        {
            await JUnitWriter.WriteFileAsync(path, Results, default);

            Assert.Equal(2, XDocument.Load(path).Root!.Elements("testsuite").Count());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static XDocument Write()
    {
        using var writer = new StringWriter();
        JUnitWriter.Write(writer, Results);
        return XDocument.Parse(writer.ToString());
    }
}
