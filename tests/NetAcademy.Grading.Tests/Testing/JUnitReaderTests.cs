using System.Xml;
using NetAcademy.Core.Ids;
using NetAcademy.Grading.Testing;

namespace NetAcademy.Grading.Tests.Testing;

public sealed class JUnitReaderTests
{
    private static readonly IReadOnlyList<LabTestResult> Results =
    [
        new(new LabId("ipip-kernel"),
        [
            new LabTestCase("starts", LabTestOutcome.Passed, null, null, TimeSpan.FromSeconds(26.3)),
            new LabTestCase("make-tunnel fails before solution", LabTestOutcome.Passed, null, "[fail] Check 1 (state on host1)", TimeSpan.FromSeconds(5.5)),
            new LabTestCase("make-tunnel passes after solution", LabTestOutcome.Failed, "Check 1 (state on host1) fails after the solution: no ipip0",
                "[fail] Check 1\n    detail <xml> & more", TimeSpan.FromSeconds(9.7)),
        ], null, TimeSpan.FromSeconds(41.5)) { RanOn = "in a VM (Debian kernel 6.1.0-57-amd64, QEMU TCG)" },
        new(new LabId("drbd-replication"),
        [
            new LabTestCase("starts", LabTestOutcome.Skipped, "the kernel here (6.1.0) lacks drbd (no /proc/drbd)", null, TimeSpan.Zero),
            new LabTestCase("bring-up fails before solution", LabTestOutcome.Skipped, "the kernel here (6.1.0) lacks drbd (no /proc/drbd)", null, TimeSpan.Zero),
        ], "the kernel here (6.1.0) lacks drbd (no /proc/drbd)", TimeSpan.Zero),
    ];

    private static IReadOnlyList<LabTestResult> RoundTrip(IReadOnlyList<LabTestResult> results)
    {
        using var text = new StringWriter();
        JUnitWriter.Write(text, results);
        return JUnitReader.Read(new StringReader(text.ToString()));
    }

    [Fact]
    public void Read_WrittenResults_SameLabsCasesAndOutcomes()
    {
        var read = RoundTrip(Results);

        Assert.Equal(["ipip-kernel", "drbd-replication"], read.Select(r => r.Lab.Value));
        for (var i = 0; i < Results.Count; i++)
        {
            Assert.Equal(Results[i].Cases, read[i].Cases);
            Assert.Equal(Results[i].Elapsed, read[i].Elapsed);
            Assert.Equal(Results[i].Passed, read[i].Passed);
        }
    }

    [Fact]
    public void Read_WhereTheLabRan_ComesBack()
    {
        var read = RoundTrip(Results);

        Assert.Equal("in a VM (Debian kernel 6.1.0-57-amd64, QEMU TCG)", read[0].RanOn);
        Assert.Null(read[1].RanOn);
    }

    [Fact]
    public void Read_LabWhoseStartWasSkipped_SkippedWithThatReason()
    {
        var read = RoundTrip(Results);

        Assert.Null(read[0].SkippedReason);
        Assert.Equal("the kernel here (6.1.0) lacks drbd (no /proc/drbd)", read[1].SkippedReason);
    }

    [Fact]
    public void Read_OtherRoot_Throws()
    {
        Assert.Throws<FormatException>(() => JUnitReader.Read(new StringReader("<testsuite name=\"x\"/>")));
    }

    [Fact]
    public void Read_SuiteWithInvalidLabId_Throws()
    {
        Assert.Throws<FormatException>(() => JUnitReader.Read(new StringReader("<testsuites><testsuite name=\"../etc\"/></testsuites>")));
    }

    [Fact]
    public void Read_CutShortFile_ThrowsXmlException()
    {
        Assert.Throws<XmlException>(() => JUnitReader.Read(new StringReader("<testsuites><testsuite name=\"ipip-kernel\">")));
    }
}
