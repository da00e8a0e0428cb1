using System.Globalization;
using NetAcademy.Content.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Yaml;

/// <summary>
/// Typed, position-aware access to one YAML mapping. Unknown keys are reported when the map is created, and
/// every accessor reports wrong types and missing required keys to the sink and returns null, so a reader can
/// carry on and find the next problem.
/// </summary>
internal sealed class YamlMap
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    private YamlMap(YamlMappingNode node, ErrorSink errors, string what)
    {
        Node = node;
        Errors = errors;
        What = what;
    }

    /// <summary>The mapping node.</summary>
    public YamlMappingNode Node { get; }

    /// <summary>Where errors go.</summary>
    public ErrorSink Errors { get; }

    /// <summary>How error messages name this mapping, e.g. "node 'host1'".</summary>
    public string What { get; }

    /// <summary>Wraps <paramref name="node"/> when it is a mapping; otherwise reports and returns null.</summary>
    public static YamlMap? From(YamlNode node, ErrorSink errors, string what, IReadOnlyCollection<string> allowedKeys)
    {
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(node, $"The {what} must be a mapping of 'key: value' lines, not {Describe(node)}.");
            return null;
        }

        var map = new YamlMap(mapping, errors, what);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                errors.Add(keyNode, $"Keys of the {what} must be plain words, not {Describe(keyNode)}.");
                continue;
            }

            if (!allowedKeys.Contains(key))
            {
                var suggestion = Suggest(key, allowedKeys);
                errors.Add(keyNode, $"Unknown key '{key}' in the {what}; "
                    + (suggestion is null ? "" : $"did you mean '{suggestion}'? ")
                    + $"Allowed keys are: {string.Join(", ", allowedKeys)}.");
                continue;
            }

            map._entries[key] = (scalarKey, value);
        }

        return map;
    }

    /// <summary>True when the key is present (even with a null value).</summary>
    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The value node of a key, or null.</summary>
    public YamlNode? Get(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>The key node itself, for errors about the key.</summary>
    public YamlNode? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    /// <summary>Node to attach an error about <paramref name="key"/> to: its value, or the mapping when it is missing.</summary>
    public YamlNode At(string key) => Get(key) ?? Node;

    /// <summary>A scalar value as text. Empty and null scalars count as missing.</summary>
    public string? String(string key, bool required = false)
    {
        var node = Get(key);
        if (node is null || IsNull(node))
        {
            if (required)
            {
                if (node is null)
                {
                    Errors.Add(Node, $"The {What} is missing the required key '{key}'; add '{key}: ...'.");
                }
                else
                {
                    Errors.Add(node, $"The key '{key}' of the {What} must not be empty; give it a value.");
                }
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Errors.Add(node, $"The key '{key}' of the {What} must be a single value, not {Describe(node)}.");
            return null;
        }

        return scalar.Value;
    }

    /// <summary>An integer in [min, max].</summary>
    public int? Int(string key, int min, int max, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Errors.Add(At(key), $"The key '{key}' of the {What} must be a whole number, not '{text}'.");
            return null;
        }

        if (value < min || value > max)
        {
            Errors.Add(At(key), $"The key '{key}' of the {What} must be between {min} and {max}; {value} is out of range.");
            return null;
        }

        return value;
    }

    /// <summary>A decimal number in [min, max].</summary>
    public double? Double(string key, double min, double max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Errors.Add(At(key), $"The key '{key}' of the {What} must be a number such as 0.5, not '{text}'.");
            return null;
        }

        if (value < min || value > max)
        {
            Errors.Add(At(key), $"The key '{key}' of the {What} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}; {text} is out of range.");
            return null;
        }

        return value;
    }

    /// <summary>true or false.</summary>
    public bool? Bool(string key)
    {
        var text = String(key);
        switch (text)
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                Errors.Add(At(key), $"The key '{key}' of the {What} must be true or false, not '{text}'.");
                return null;
        }
    }

    /// <summary>One of the allowed words.</summary>
    public string? OneOf(string key, IReadOnlyCollection<string> allowed, bool required = false)
    {
        var text = String(key, required);
        if (text is not null && !allowed.Contains(text))
        {
            Errors.Add(At(key), $"The key '{key}' of the {What} must be one of {string.Join(", ", allowed)}; '{text}' is not.");
            return null;
        }

        return text;
    }

    /// <summary>The items of a sequence; a missing key gives null (and an error when required).</summary>
    public IReadOnlyList<YamlNode>? Sequence(string key, bool required = false)
    {
        var node = Get(key);
        if (node is null || IsNull(node))
        {
            if (required)
            {
                Errors.Add(node ?? Node, $"The {What} is missing the required list '{key}'; add '{key}:' followed by '- ...' items.");
            }

            return node is null ? null : [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Errors.Add(node, $"The key '{key}' of the {What} must be a list ('[a, b]' or '- a' lines), not {Describe(node)}.");
            return null;
        }

        return sequence.Children.ToList();
    }

    /// <summary>A list of scalars as (node, text) pairs; non-scalar items are reported and skipped.</summary>
    public IReadOnlyList<(YamlNode Node, string Value)>? Strings(string key, bool required = false)
    {
        var items = Sequence(key, required);
        if (items is null)
        {
            return null;
        }

        var result = new List<(YamlNode, string)>(items.Count);
        foreach (var item in items)
        {
            if (item is YamlScalarNode { Value: { } value } && !IsNull(item))
            {
                result.Add((item, value));
            }
            else
            {
                Errors.Add(item, $"Items of '{key}' in the {What} must be single values, not {Describe(item)}.");
            }
        }

        return result;
    }

    /// <summary>A mapping of scalar keys to scalar values, as (key node, key, value) triples.</summary>
    public IReadOnlyList<(YamlNode Node, string Key, string Value)>? StringMap(string key)
    {
        var node = Get(key);
        if (node is null || IsNull(node))
        {
            return node is null ? null : [];
        }

        if (node is not YamlMappingNode mapping)
        {
            Errors.Add(node, $"The key '{key}' of the {What} must be a mapping ('{{ name: value }}'), not {Describe(node)}.");
            return null;
        }

        var result = new List<(YamlNode, string, string)>();
        foreach (var (k, v) in mapping.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && v is YamlScalarNode { Value: { } value })
            {
                result.Add((k, name, value));
            }
            else
            {
                Errors.Add(k, $"Entries of '{key}' in the {What} must be 'name: value' with single values; quote values such as \"1\".");
            }
        }

        return result;
    }

    /// <summary>A YAML null: an empty plain scalar, '~' or 'null'.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>Words for the shape of a node in messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "an empty value",
        YamlScalarNode s => $"the value '{s.Value}'",
        _ => "something else",
    };

    private static string? Suggest(string key, IEnumerable<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var distance = Levenshtein(key.ToLowerInvariant().Replace('-', '_'), candidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        // Only suggest near misses; a distant "suggestion" is noise.
        return bestDistance <= Math.Max(1, key.Length / 3) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
