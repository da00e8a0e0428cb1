using NetAcademy.Content.Errors;
using NetAcademy.Content.Yaml;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Labs;

/// <summary>What the per-section readers of one lab.yaml share.</summary>
internal sealed class LabReadContext(ErrorSink errors, LabFolder folder, string? imagesRoot, CancellationToken cancellationToken)
{
    public ErrorSink Errors { get; } = errors;

    public LabFolder Folder { get; } = folder;

    /// <summary>The image recipes folder, or null to skip the recipe check (linting a lab outside a repository).</summary>
    public string? ImagesRoot { get; } = imagesRoot;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Node names declared in the file, filled before networks and tasks are read.</summary>
    public HashSet<string> NodeNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Reports and returns false when <paramref name="name"/> names no node of the lab.</summary>
    public bool RequireNode(string name, YamlNode at, string where)
    {
        if (NodeNames.Contains(name))
        {
            return true;
        }

        Errors.Add(at, NodeNames.Count == 0
            ? $"The {where} names node '{name}', but the lab declares no valid nodes; add it under 'nodes:'."
            : $"The {where} names node '{name}', which the lab does not declare; use one of: {string.Join(", ", NodeNames.Order(StringComparer.Ordinal))}.");
        return false;
    }

    /// <summary>Reads an optional netns key, checking it is a name <c>ip netns</c> accepts.</summary>
    public string? Netns(YamlMap map, string key = "netns")
    {
        var netns = map.String(key);
        if (netns is not null && !Core.Runtime.NetnsName.IsValid(netns))
        {
            Errors.Add(map.At(key), $"'{netns}' is not a valid network namespace name; use up to 32 letters, digits, '.', '_' or '-'.");
            return null;
        }

        return netns;
    }
}
