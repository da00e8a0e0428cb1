using System.Globalization;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>Benchmark options as <c>key=value</c> words after the benchmark's name, e.g. <c>runs=500 sizes=10,25</c>.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public BenchArgs(IEnumerable<string> args)
    {
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"Options are key=value; got '{arg}'.");
            }
            _values[arg[..eq]] = arg[(eq + 1)..];
        }
    }

    public int Int(string key, int fallback) => _values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string Text(string key, string fallback) => _values.GetValueOrDefault(key, fallback);

    /// <summary>Options named <c>env.KEY=VALUE</c>, as KEY → VALUE: settings for the server process (its environment).</summary>
    public IDictionary<string, string> ServerSettings() =>
        _values.Where(kv => kv.Key.StartsWith("env.", StringComparison.OrdinalIgnoreCase)).ToDictionary(kv => kv.Key[4..], kv => kv.Value);

    public IReadOnlyList<int> Ints(string key, IReadOnlyList<int> fallback) =>
        _values.TryGetValue(key, out var v) ? v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() : fallback;

    /// <summary>The options as given, for the "command" line of a report.</summary>
    public override string ToString() => string.Join(' ', _values.Select(kv => $"{kv.Key}={kv.Value}"));
}
