using System.Globalization;
using System.Text;
using NetAcademy.Web.Grading;

namespace NetAcademy.Web.Instructor;

/// <summary>
/// Writes learners' task records as CSV (RFC 4180): one row per learner and task, comma-separated, CRLF line ends,
/// a field quoted when it holds a comma, a quote, CR or LF, with quotes doubled. A text field that a spreadsheet
/// would run as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe, so an export opened in a
/// spreadsheet cannot execute what a user name or a check message contains.
/// </summary>
public static class ProgressCsv
{
    /// <summary>The header row's fields.</summary>
    public static readonly IReadOnlyList<string> Header =
        ["user", "lab", "task", "task_title", "passed", "first_pass_at", "attempts", "last_passed", "last_checked_at", "score", "last_message"];

    /// <summary>Writes the header and one row per record.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="records">The records.</param>
    /// <param name="titleOf">The title of a task (lab id, task id), or null when unknown.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteAsync(TextWriter writer, IEnumerable<LearnerTaskRecord> records, Func<string, string, string?> titleOf,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(titleOf);
        await writer.WriteAsync(Row(Header).AsMemory(), cancellationToken);
        foreach (var record in records)
        {
            var p = record.Progress;
            await writer.WriteAsync(Row(
            [
                Text(record.User),
                p.LabId.Value,
                p.TaskId.Value,
                Text(titleOf(p.LabId.Value, p.TaskId.Value) ?? ""),
                p.Passed ? "true" : "false",
                p.FirstPassAt is { } first ? Time(first) : "",
                p.Attempts.ToString(CultureInfo.InvariantCulture),
                p.LastPassed ? "true" : "false",
                Time(p.LastCheckedAt),
                p.Score.ToString(CultureInfo.InvariantCulture),
                Text(p.LastMessage ?? ""),
            ]).AsMemory(), cancellationToken);
        }
    }

    /// <summary>One CSV line (with its CRLF) of already-neutralised fields.</summary>
    public static string Row(IEnumerable<string> fields) => string.Join(",", fields.Select(Escape)) + "\r\n";

    /// <summary>Quotes a field when it needs it (comma, quote, CR, LF), doubling its quotes.</summary>
    public static string Escape(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return field;
        }

        return new StringBuilder(field.Length + 8).Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }

    /// <summary>A free-text value, with a leading apostrophe when a spreadsheet would read it as a formula.</summary>
    public static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
