using NetAcademy.Core.Ids;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Instructor;

namespace NetAcademy.Web.Tests.Instructor;

public sealed class ProgressCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("", "")]
    public void Escape_Field_QuotesOnlyWhenNeededAndDoublesQuotes(string field, string expected) =>
        Assert.Equal(expected, ProgressCsv.Escape(field));

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-cmd", "'-cmd")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("ada", "ada")]
    public void Text_FormulaLikeValue_GetsALeadingApostrophe(string value, string expected) =>
        Assert.Equal(expected, ProgressCsv.Text(value));

    [Fact]
    public async Task WriteAsync_RecordsWithCommasQuotesAndNewlines_WritesParseableRows()
    {
        var at = new DateTimeOffset(2025, 3, 1, 9, 30, 5, TimeSpan.Zero);
        var records = new[]
        {
            new LearnerTaskRecord("ada", new TaskProgress(new LabId("veth-pairs"), new TaskId("make-veth"), 3, true, at, false, at.AddMinutes(2),
                "veth-red is \"down\",\nbring it up", 100)),
            new LearnerTaskRecord("=bob", new TaskProgress(new LabId("veth-pairs"), new TaskId("ping"), 1, false, null, false, at, null, 0)),
        };
        var writer = new StringWriter();

        await ProgressCsv.WriteAsync(writer, records, (lab, task) => task == "make-veth" ? "Join them, then ping" : null, CancellationToken.None);
        var rows = Parse(writer.ToString());

        Assert.Equal(3, rows.Count);
        Assert.Equal(ProgressCsv.Header, rows[0]);
        Assert.Equal(["ada", "veth-pairs", "make-veth", "Join them, then ping", "true", "2025-03-01T09:30:05Z", "3", "false", "2025-03-01T09:32:05Z", "100",
            "veth-red is \"down\",\nbring it up"], rows[1]);
        Assert.Equal(["'=bob", "veth-pairs", "ping", "", "false", "", "1", "false", "2025-03-01T09:30:05Z", "0", ""], rows[2]);
        Assert.EndsWith("\r\n", writer.ToString());
    }

    /// <summary>An independent RFC 4180 reader, so the test checks the round trip rather than the writer's own logic.</summary>
    private static List<string[]> Parse(string csv)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add([.. row]); row.Clear(); i++; }
            else { field.Append(c); }
        }
        Assert.Equal(0, field.Length);
        return rows;
    }
}
