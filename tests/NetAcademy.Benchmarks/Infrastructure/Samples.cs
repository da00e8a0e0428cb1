using System.Globalization;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>A series of measurements of one figure (milliseconds unless the caller says otherwise), with its percentiles.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];
    private readonly object _gate = new();

    public Samples(string name) => Name = name;

    /// <summary>What was measured, for the report.</summary>
    public string Name { get; }

    public int Count { get { lock (_gate) { return _values.Count; } } }

    public void Add(double value)
    {
        lock (_gate)
        {
            _values.Add(value);
        }
    }

    public double Median => Percentile(50);

    public double P95 => Percentile(95);

    public double P99 => Percentile(99);

    public double Min => Snapshot().DefaultIfEmpty(double.NaN).Min();

    public double Max => Snapshot().DefaultIfEmpty(double.NaN).Max();

    /// <summary>Nearest-rank percentile: the smallest value with at least <paramref name="percent"/>% of the values at or below it.</summary>
    public double Percentile(double percent)
    {
        var sorted = Snapshot();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        sorted.Sort();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private List<double> Snapshot()
    {
        lock (_gate)
        {
            return [.. _values];
        }
    }

    /// <summary>Formats a figure with a precision that fits its size (0.123, 1.23, 12.3, 123).</summary>
    public static string Format(double value) => double.IsNaN(value) ? "n/a" : value switch
    {
        < 1 => value.ToString("0.000", CultureInfo.InvariantCulture),
        < 10 => value.ToString("0.00", CultureInfo.InvariantCulture),
        < 100 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>A ratio a / b with two decimals.</summary>
    public static string Ratio(double a, double b) => b == 0 || double.IsNaN(a) || double.IsNaN(b) ? "n/a" : (a / b).ToString("0.00", CultureInfo.InvariantCulture);
}
