using NetAcademy.Content.Errors;
using NetAcademy.Content.Files;
using NetAcademy.Content.Yaml;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;

namespace NetAcademy.Content.Labs;

/// <summary>
/// Loads <c>labs/&lt;lab-id&gt;/lab.yaml</c> into the Core lab model and validates it: keys and types,
/// ids, references between nodes, networks and tasks, files in the lab folder and image recipes. Every
/// problem is collected with its line and column; the lab is returned only when there are none. The format
/// is described in docs/lab-format.md.
/// </summary>
public static class LabLoader
{
    /// <summary>The file name of a lab definition inside its folder.</summary>
    public const string FileName = "lab.yaml";

    private static readonly string[] TopKeys = ["title", "summary", "requires", "limits", "pool", "nodes", "networks", "tasks"];
    private static readonly string[] LimitKeys = ["session_minutes", "idle_minutes"];
    private static readonly string[] PoolKeys = ["size"];

    /// <summary>Most warm sessions one lab may ask for: each holds its nodes' memory while nobody uses it.</summary>
    public const int MaxPoolSize = 20;

    /// <summary>Loads the lab in <paramref name="labDirectory"/>.</summary>
    /// <param name="labDirectory">The lab folder; its name is the lab id.</param>
    /// <param name="imagesRoot">
    /// The image recipes folder (<c>deploy/images</c>): every node image must have a sub-folder there. Null skips
    /// that check.
    /// </param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static LabLoadResult Load(string labDirectory, string? imagesRoot, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(labDirectory);
        var directory = Path.GetFullPath(labDirectory);
        var id = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var file = Path.Combine(directory, FileName);
        var errors = new ErrorSink(file);

        if (!LabId.TryParse(id, out var labId))
        {
            errors.AddFileLevel($"The lab folder name '{id}' is not a valid lab id; rename the folder to lower-case letters, digits and dashes.");
        }

        if (!File.Exists(file))
        {
            errors.AddFileLevel($"The lab folder has no {FileName}; create labs/{id}/{FileName} (see docs/lab-format.md).");
            return new LabLoadResult(id, directory, null, errors.Errors);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var text = ContentFile.ReadText(file, directory, ContentFile.MaxYamlBytes, errors);
        if (text is null)
        {
            return new LabLoadResult(id, directory, null, errors.Errors);
        }

        var root = YamlDocumentReader.Read(text, errors);
        var context = new LabReadContext(errors, new LabFolder(directory), imagesRoot, cancellationToken);
        var lab = root is null ? null : Read(root, labId, directory, context);
        return new LabLoadResult(id, directory, errors.Count == 0 ? lab : null, errors.Errors);
    }

    private static Lab? Read(YamlDotNet.RepresentationModel.YamlNode root, LabId id, string directory, LabReadContext context)
    {
        var map = YamlMap.From(root, context.Errors, "lab", TopKeys);
        if (map is null)
        {
            return null;
        }

        var title = map.String("title", required: true);
        var summary = map.String("summary") ?? "";
        var requires = ReadRequires(map, context);
        var limits = ReadLimits(map, context);
        var pool = ReadPoolSize(map, context);
        var nodes = LabNodeReader.ReadAll(map.Sequence("nodes", required: true) ?? [], context);
        var networks = LabNetworkReader.ReadAll(map.Sequence("networks") ?? [], context);
        var tasks = LabTaskReader.ReadAll(map.Sequence("tasks") ?? [], context);

        if (title is null)
        {
            return null;
        }

        return new Lab(id, title, summary, nodes, networks, tasks, requires, limits, directory) { PoolSize = pool };
    }

    private static int ReadPoolSize(YamlMap map, LabReadContext context)
    {
        var node = map.Get("pool");
        if (node is null || YamlMap.IsNull(node))
        {
            return 0;
        }

        var pool = YamlMap.From(node, context.Errors, "pool", PoolKeys);
        return pool?.Int("size", 0, MaxPoolSize) ?? 0;
    }

    private static List<KernelFeature> ReadRequires(YamlMap map, LabReadContext context)
    {
        var features = new List<KernelFeature>();
        foreach (var (node, value) in map.Strings("requires") ?? [])
        {
            if (!KernelFeatureNames.TryParse(value, out var feature))
            {
                context.Errors.Add(node, $"Unknown kernel feature '{value}'; use one of: {string.Join(", ", KernelFeatureNames.All)}.");
            }
            else if (features.Contains(feature))
            {
                context.Errors.Add(node, $"The kernel feature '{value}' is listed twice in 'requires'; remove one.");
            }
            else
            {
                features.Add(feature);
            }
        }

        return features;
    }

    private static LabLimits ReadLimits(YamlMap map, LabReadContext context)
    {
        var node = map.Get("limits");
        if (node is null || YamlMap.IsNull(node))
        {
            return LabLimits.Default;
        }

        var limits = YamlMap.From(node, context.Errors, "limits", LimitKeys);
        if (limits is null)
        {
            return LabLimits.Default;
        }

        var session = limits.Int("session_minutes", 1, 8 * 60);
        var idle = limits.Int("idle_minutes", 1, 4 * 60);
        if (session is not null && idle is not null && idle > session)
        {
            context.Errors.Add(limits.At("idle_minutes"), $"idle_minutes ({idle}) is longer than session_minutes ({session}); make it shorter or equal.");
        }

        return new LabLimits(
            session is null ? null : TimeSpan.FromMinutes(session.Value),
            idle is null ? null : TimeSpan.FromMinutes(idle.Value));
    }
}
