using System.Text;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// Rewrites one benchmark's generated block in BENCHMARKS.md, between <c>&lt;!-- benchmark:NAME --&gt;</c> and
/// <c>&lt;!-- /benchmark:NAME --&gt;</c>; a missing block is appended. Everything outside the markers (other
/// benchmarks, hand-written analysis after a block) is kept as it is.
/// </summary>
internal static class ReportFile
{
    public static async Task WriteSectionAsync(string name, string markdown, CancellationToken ct)
    {
        var begin = $"<!-- benchmark:{name} -->";
        var end = $"<!-- /benchmark:{name} -->";
        var path = Path.Combine(RepositoryPaths.Root, "BENCHMARKS.md");
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : "# Benchmarks\n";
        var block = $"{begin}\n{markdown.TrimEnd()}\n{end}";
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        text = start >= 0 && stop > start
            ? string.Concat(text.AsSpan(0, start), block, text.AsSpan(stop + end.Length))
            : text.TrimEnd() + "\n\n" + block + "\n";
        await File.WriteAllTextAsync(path, text, new UTF8Encoding(false), ct);
        Console.WriteLine($"wrote the {name} section of {path}");
    }

    /// <summary>A Markdown table from a header row and data rows.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        sb.Append('|').AppendJoin("", header.Select(_ => "---|")).AppendLine();
        foreach (var row in rows)
        {
            sb.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }
        return sb.ToString();
    }
}
