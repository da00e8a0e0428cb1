using NetAcademy.Core.Ids;

namespace NetAcademy.Grading.Checks;

/// <summary>Small pieces of learner-facing sentences, so every evaluator names places the same way.</summary>
internal static class Phrases
{
    /// <summary>"on host1" or "in namespace red on host1".</summary>
    public static string Where(NodeName node, string? netns) =>
        netns is null ? $"on {node}" : $"in namespace {netns} on {node}";

    /// <summary>"host1" or "red on host1": who runs a probe.</summary>
    public static string Who(NodeName node, string? netns) => netns is null ? node.Value : $"{netns} on {node}";

    /// <summary>An argv as a person would type it, quoting only where needed (for messages, never for running).</summary>
    public static string Command(IReadOnlyList<string> argv) =>
        string.Join(' ', argv.Select(a => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./:=,@%+".Contains(c)) ? a : $"'{a}'"));

    /// <summary>The last <paramref name="count"/> non-empty lines of <paramref name="text"/>, or null when there are none.</summary>
    public static string? LastLines(string? text, int count)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToArray();
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - count)));
    }

    /// <summary>The text cut to at most <paramref name="max"/> characters, with an ellipsis when cut: node output quoted in a sentence.</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    /// <summary>Output of a run for the <see cref="CheckResult.Detail"/> field.</summary>
    public static string? Output(string? stdout, string? stderr)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(stdout))
        {
            parts.Add("stdout:\n" + stdout.TrimEnd());
        }

        if (!string.IsNullOrWhiteSpace(stderr))
        {
            parts.Add("stderr:\n" + stderr.TrimEnd());
        }

        return parts.Count == 0 ? null : string.Join('\n', parts);
    }

    /// <summary>Seconds for messages: "10 s", "2.5 s".</summary>
    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s";

    /// <summary>The sentence for a check whose namespace does not exist.</summary>
    public static string NoNamespace(NetAcademy.Core.Ids.NodeName node, string netns) => $"There is no namespace {netns} on {node}.";
}
