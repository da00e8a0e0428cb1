using System.Globalization;
using System.Text;
using System.Xml;

namespace NetAcademy.Grading.Testing;

/// <summary>
/// Writes lab test results as JUnit XML, the format CI systems read: one <c>testsuite</c> per lab, one
/// <c>testcase</c> per case (<c>starts</c>, <c>TASK fails before solution</c>, <c>TASK passes after solution</c>),
/// failures as <c>&lt;failure message="..."&gt;detail&lt;/failure&gt;</c> and skipped cases as
/// <c>&lt;skipped message="..."/&gt;</c>. Where a lab ran (<see cref="LabTestResult.RanOn"/>) is the suite's
/// <c>ran-on</c> property. <see cref="JUnitReader"/> reads the format back.
/// </summary>
public static class JUnitWriter
{
    /// <summary>Name of the suite property that says where the lab ran.</summary>
    public const string RanOnProperty = "ran-on";

    /// <summary>Writes <paramref name="results"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<LabTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) };
        using var xml = XmlWriter.Create(writer, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "netacademy lab test");
        xml.WriteAttributeString("tests", Count(results.Sum(r => r.Cases.Count)));
        xml.WriteAttributeString("failures", Count(results.Sum(r => r.Failures)));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", Count(results.Sum(r => r.Skipped)));
        xml.WriteAttributeString("time", Seconds(TimeSpan.FromTicks(results.Sum(r => r.Elapsed.Ticks))));
        foreach (var result in results)
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", result.Lab.Value);
            xml.WriteAttributeString("tests", Count(result.Cases.Count));
            xml.WriteAttributeString("failures", Count(result.Failures));
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("skipped", Count(result.Skipped));
            xml.WriteAttributeString("time", Seconds(result.Elapsed));
            if (result.RanOn is { } ranOn)
            {
                xml.WriteStartElement("properties");
                xml.WriteStartElement("property");
                xml.WriteAttributeString("name", RanOnProperty);
                xml.WriteAttributeString("value", Clean(ranOn));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            foreach (var testCase in result.Cases)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", "labs." + result.Lab.Value);
                xml.WriteAttributeString("name", Clean(testCase.Name));
                xml.WriteAttributeString("time", Seconds(testCase.Elapsed));
                switch (testCase.Outcome)
                {
                    case LabTestOutcome.Failed:
                        xml.WriteStartElement("failure");
                        xml.WriteAttributeString("message", Clean(testCase.Message ?? "failed"));
                        if (testCase.Detail is { } detail)
                        {
                            xml.WriteString(Clean(detail));
                        }

                        xml.WriteEndElement();
                        break;
                    case LabTestOutcome.Skipped:
                        xml.WriteStartElement("skipped");
                        xml.WriteAttributeString("message", Clean(testCase.Message ?? "skipped"));
                        xml.WriteEndElement();
                        break;
                    case LabTestOutcome.Passed when testCase.Detail is { } output:
                        xml.WriteElementString("system-out", Clean(output));
                        break;
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>Writes <paramref name="results"/> to a file (UTF-8), replacing it.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static async Task WriteFileAsync(string path, IReadOnlyList<LabTestResult> results, CancellationToken cancellationToken)
    {
        // Built in memory first so a failure never leaves half a report; the declaration must say UTF-8.
        using var text = new Utf8StringWriter();
        Write(text, results);
        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(false), cancellationToken);
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control bytes in command output would make XmlWriter throw).</summary>
    private static string Clean(string text) =>
        text.All(XmlConvert.IsXmlChar) ? text : new string(text.Where(XmlConvert.IsXmlChar).ToArray());

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private sealed class Utf8StringWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
