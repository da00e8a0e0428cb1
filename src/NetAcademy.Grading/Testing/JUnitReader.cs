using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using NetAcademy.Core.Ids;

namespace NetAcademy.Grading.Testing;

/// <summary>
/// Reads lab test results back from the JUnit XML that <see cref="JUnitWriter"/> writes: how <c>netacademy lab test
/// --vm</c> takes the results of the labs that ran in a VM into its own report. A lab whose <c>starts</c> case was
/// skipped was skipped as a whole, with that case's message as the reason.
/// </summary>
public static class JUnitReader
{
    /// <summary>Reads every suite of <paramref name="reader"/> as one lab's result.</summary>
    /// <exception cref="XmlException">The text is not XML.</exception>
    /// <exception cref="FormatException">The XML is not lab test JUnit (no <c>testsuites</c> root, a suite without a valid lab id, a case without a name).</exception>
    public static IReadOnlyList<LabTestResult> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var document = XDocument.Load(reader);
        if (document.Root?.Name.LocalName != "testsuites")
        {
            throw new FormatException("The file is not lab test JUnit: its root is not <testsuites>.");
        }

        return document.Root.Elements("testsuite").Select(ReadSuite).ToList();
    }

    /// <summary>Reads a JUnit file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="XmlException">The text is not XML.</exception>
    /// <exception cref="FormatException">The XML is not lab test JUnit.</exception>
    public static IReadOnlyList<LabTestResult> ReadFile(string path)
    {
        using var reader = File.OpenText(path);
        return Read(reader);
    }

    private static LabTestResult ReadSuite(XElement suite)
    {
        var name = (string?)suite.Attribute("name");
        if (!LabId.TryParse(name, out var lab))
        {
            throw new FormatException($"A <testsuite> names no valid lab id ('{name}').");
        }

        var cases = suite.Elements("testcase").Select(ReadCase).ToList();
        var skippedReason = cases.FirstOrDefault(c => c.Name == "starts") is { Outcome: LabTestOutcome.Skipped } starts ? starts.Message : null;
        var ranOn = suite.Element("properties")?.Elements("property")
            .FirstOrDefault(p => (string?)p.Attribute("name") == JUnitWriter.RanOnProperty)?.Attribute("value")?.Value;
        return new LabTestResult(lab, cases, skippedReason, Seconds(suite)) { RanOn = ranOn };
    }

    private static LabTestCase ReadCase(XElement testCase)
    {
        var name = (string?)testCase.Attribute("name") ?? throw new FormatException("A <testcase> has no name.");
        var elapsed = Seconds(testCase);
        if (testCase.Element("failure") is { } failure)
        {
            return new LabTestCase(name, LabTestOutcome.Failed, (string?)failure.Attribute("message") ?? "failed", Text(failure), elapsed);
        }

        if (testCase.Element("skipped") is { } skipped)
        {
            return new LabTestCase(name, LabTestOutcome.Skipped, (string?)skipped.Attribute("message") ?? "skipped", null, elapsed);
        }

        return new LabTestCase(name, LabTestOutcome.Passed, null, testCase.Element("system-out") is { } output ? Text(output) : null, elapsed);
    }

    private static string? Text(XElement element) => element.Value.Length == 0 ? null : element.Value;

    private static TimeSpan Seconds(XElement element) =>
        double.TryParse((string?)element.Attribute("time"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Zero;
}
