using System.Text;
using System.Text.Json;

namespace NetAcademy.Docker.Transport;

/// <summary>Builds an escaped query string for the Engine API.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder _builder = new();

    public QueryString Add(string key, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _builder.Append(_builder.Length == 0 ? '?' : '&')
            .Append(Uri.EscapeDataString(key))
            .Append('=')
            .Append(Uri.EscapeDataString(value));
        return this;
    }

    public QueryString Add(string key, bool value) => Add(key, value ? "true" : "false");

    public QueryString Add(string key, long value) => Add(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Adds Docker's <c>filters</c> parameter (a JSON map of name to values) when there is any filter.
    /// </summary>
    public QueryString AddFilters(IReadOnlyDictionary<string, IList<string>> filters)
    {
        var nonEmpty = filters.Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value);
        return nonEmpty.Count == 0 ? this : Add("filters", JsonSerializer.Serialize(nonEmpty));
    }

    /// <summary>Turns label filters (key to optional value) into Docker's <c>label</c> filter values.</summary>
    public static List<string> LabelValues(IDictionary<string, string?>? labels)
    {
        var values = new List<string>();
        if (labels is null)
        {
            return values;
        }

        foreach (var (key, value) in labels)
        {
            values.Add(value is null ? key : key + "=" + value);
        }

        return values;
    }

    public override string ToString() => _builder.ToString();
}
