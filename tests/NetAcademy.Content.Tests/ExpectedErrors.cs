using NetAcademy.Content.Errors;

namespace NetAcademy.Content.Tests;

/// <summary>
/// Reads a fixture's expected-errors.txt: one error per line as <c>[file:]line:col: substring</c>, and checks
/// that the actual errors match one-to-one by position with the substring in the message.
/// </summary>
internal static class ExpectedErrors
{
    public static void AssertMatches(string expectedFile, IReadOnlyList<ContentError> actual, string baseDirectory)
    {
        var expected = File.ReadAllLines(expectedFile).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).ToList();
        var report = string.Join(Environment.NewLine, actual.Select(e => ContentErrorFormatter.Format(e, baseDirectory)));
        Assert.True(expected.Count == actual.Count, $"expected {expected.Count} errors, got {actual.Count}:{Environment.NewLine}{report}");
        var remaining = actual.ToList();
        foreach (var line in expected)
        {
            var (file, position, substring) = Split(line);
            var match = remaining.FirstOrDefault(e =>
                $"{e.Line}:{e.Column}" == position
                && e.Message.Contains(substring, StringComparison.Ordinal)
                && (file is null || Path.GetRelativePath(baseDirectory, e.File).Replace('\\', '/') == file));
            Assert.True(match is not null, $"no error matches '{line}'; actual:{Environment.NewLine}{report}");
            remaining.Remove(match);
        }
    }

    private static (string? File, string Position, string Substring) Split(string line)
    {
        var parts = line.Split(':', 4);
        return int.TryParse(parts[0], out _)
            ? (null, $"{parts[0]}:{parts[1]}", line[(parts[0].Length + parts[1].Length + 2)..].Trim())
            : (parts[0], $"{parts[1]}:{parts[2]}", parts[3].Trim());
    }
}
