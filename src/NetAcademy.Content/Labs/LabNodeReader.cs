using System.Text.RegularExpressions;
using NetAcademy.Content.Yaml;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Labs;

/// <summary>Reads the <c>nodes:</c> list of a lab.yaml.</summary>
internal static partial class LabNodeReader
{
    private static readonly string[] Keys =
        ["name", "image", "capabilities", "memory_mib", "cpus", "pids", "disk_mib", "sysctls", "env", "files", "hostname", "setup", "setup_after"];

    private static readonly string[] FileKeys = ["source", "target", "mode"];

    // Only sysctls the engine namespaces per container; anything else would change the host.
    [GeneratedRegex(@"^(net\.[a-z0-9_./-]+|kernel\.(shm[a-z_]+|msg[a-z_]+|sem)|fs\.mqueue\.[a-z_]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacedSysctl();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Hostname();

    public static List<LabNode> ReadAll(IReadOnlyList<YamlNode> items, LabReadContext context)
    {
        // Names first, so a node's error does not also make every reference to it look dangling.
        foreach (var item in items)
        {
            if (item is YamlMappingNode mapping
                && mapping.Children.TryGetValue(new YamlScalarNode("name"), out var nameNode)
                && nameNode is YamlScalarNode { Value: { } name } && Identifier.IsValid(name)
                && !context.NodeNames.Add(name))
            {
                context.Errors.Add(nameNode, $"Two nodes are named '{name}'; node names must be unique in a lab.");
            }
        }

        var nodes = new List<LabNode>();
        var setupAfter = new List<(string Node, YamlNode At, string After)>();
        foreach (var item in items)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (Read(item, context, setupAfter) is { } node)
            {
                nodes.Add(node);
            }
        }

        CheckSetupOrder(setupAfter, context);

        if (items.Count == 0)
        {
            context.Errors.Add(1, 1, "The lab has no nodes; add at least one under 'nodes:' with a name and an image.");
        }

        return nodes;
    }

    private static LabNode? Read(YamlNode item, LabReadContext context, List<(string Node, YamlNode At, string After)> setupAfter)
    {
        var map = YamlMap.From(item, context.Errors, "node", Keys);
        if (map is null)
        {
            return null;
        }

        var nameText = map.String("name", required: true);
        var validName = NodeName.TryParse(nameText, out var name);
        if (nameText is not null && !validName)
        {
            context.Errors.Add(map.At("name"), $"'{nameText}' is not a valid node name; use 1-63 lower-case letters, digits and dashes.");
        }

        var what = validName ? $"node '{name}'" : "node";
        var image = ReadImage(map, context, what);
        var capabilities = ReadCapabilities(map, context, what);
        var memory = map.Int("memory_mib", 16, 4096) ?? LabNode.DefaultMemoryMiB;
        var cpus = map.Double("cpus", 0.05, 4) ?? LabNode.DefaultCpus;
        var pids = map.Int("pids", 16, 4096) ?? LabNode.DefaultPids;
        var disk = map.Int("disk_mib", 8, 1024) ?? LabNode.DefaultDiskMiB;
        var sysctls = ReadSysctls(map, context, what);
        var environment = ReadEnvironment(map, context, what);
        var files = ReadFiles(map, context, what);
        var hostname = map.String("hostname");
        if (hostname is not null && !Hostname().IsMatch(hostname))
        {
            context.Errors.Add(map.At("hostname"), $"'{hostname}' is not a valid hostname; use lower-case letters, digits and dashes.");
        }

        var setup = new List<string>();
        foreach (var (node, path) in map.Strings("setup") ?? [])
        {
            // Read once here so a binary or oversized script is a lint error, not a failed start.
            if (context.Folder.ResolveFile(path, node, context.Errors, "setup script") is { } full
                && Files.ContentFile.ReadText(full, context.Folder.Root, Files.ContentFile.MaxScriptBytes, context.Errors, reason => context.Errors.Add(node, reason)) is not null)
            {
                setup.Add(path);
            }
        }

        var after = ReadSetupAfter(map, context, validName ? name.Value : null, what, setupAfter);

        if (!validName || image is null)
        {
            return null;
        }

        return new LabNode(name, image, capabilities, memory, cpus, pids, sysctls, environment, files, hostname ?? name.Value, setup)
        {
            DiskMiB = disk,
            SetupAfter = after,
        };
    }

    private static List<NodeName> ReadSetupAfter(YamlMap map, LabReadContext context, string? self, string what, List<(string Node, YamlNode At, string After)> edges)
    {
        var after = new List<NodeName>();
        foreach (var (node, value) in map.Strings("setup_after") ?? [])
        {
            if (value == self)
            {
                context.Errors.Add(node, $"The {what} names itself in setup_after; a node's own setup scripts already run in their order.");
                continue;
            }

            if (!context.RequireNode(value, node, $"setup_after of the {what}"))
            {
                continue;
            }

            if (after.Any(a => a.Value == value))
            {
                context.Errors.Add(node, $"The node '{value}' is listed twice in the setup_after of the {what}; remove one.");
                continue;
            }

            after.Add(new NodeName(value));
            if (self is not null)
            {
                edges.Add((self, node, value));
            }
        }

        return after;
    }

    private static void CheckSetupOrder(List<(string Node, YamlNode At, string After)> edges, LabReadContext context)
    {
        var graph = edges.GroupBy(e => e.Node, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(e => e.After).ToList(), StringComparer.Ordinal);
        foreach (var cycle in Validation.CycleDetector.FindCycles(graph))
        {
            // Report at the entry that closes the cycle, so the line points into it.
            var (_, at, _) = edges.First(e => e.Node == cycle[^2] && e.After == cycle[^1]);
            context.Errors.Add(at, $"The nodes' setup_after form a cycle ({string.Join(" -> ", cycle)}); no setup could start. Remove one of these entries.");
        }
    }

    private static string? ReadImage(YamlMap map, LabReadContext context, string what)
    {
        var image = map.String("image", required: true);
        if (image is null)
        {
            return null;
        }

        if (!Identifier.IsValid(image))
        {
            context.Errors.Add(map.At("image"), $"'{image}' is not a valid image name for the {what}; name a recipe folder under deploy/images/, e.g. 'base'.");
            return null;
        }

        if (context.ImagesRoot is not null && !Directory.Exists(Path.Combine(context.ImagesRoot, image)))
        {
            context.Errors.Add(map.At("image"), $"The image '{image}' of the {what} has no recipe; add a recipe folder deploy/images/{image}/ or use an existing image such as 'base'.");
            return null;
        }

        return image;
    }

    private static List<Capability> ReadCapabilities(YamlMap map, LabReadContext context, string what)
    {
        var values = map.Strings("capabilities");
        if (values is null)
        {
            return [.. LabNode.DefaultCapabilities];
        }

        var capabilities = new List<Capability>();
        foreach (var (node, value) in values)
        {
            var text = value.StartsWith("CAP_", StringComparison.Ordinal) ? value[4..] : value;
            if (!Enum.TryParse<Capability>(text, ignoreCase: false, out var capability) || !Enum.IsDefined(capability) || int.TryParse(text, out _))
            {
                context.Errors.Add(node, $"Unknown or forbidden capability '{value}' for the {what}; allowed: {string.Join(", ", Enum.GetNames<Capability>())}.");
            }
            else if (capabilities.Contains(capability))
            {
                context.Errors.Add(node, $"The capability '{value}' is listed twice for the {what}; remove one.");
            }
            else
            {
                capabilities.Add(capability);
            }
        }

        return capabilities;
    }

    private static Dictionary<string, string> ReadSysctls(YamlMap map, LabReadContext context, string what)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (node, key, value) in map.StringMap("sysctls") ?? [])
        {
            if (!NamespacedSysctl().IsMatch(key))
            {
                context.Errors.Add(node, $"The sysctl '{key}' of the {what} is not namespaced per container; only net.*, kernel.shm*, kernel.msg*, kernel.sem and fs.mqueue.* can be set.");
            }
            else
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static Dictionary<string, string> ReadEnvironment(YamlMap map, LabReadContext context, string what)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (node, key, value) in map.StringMap("env") ?? [])
        {
            if (!EnvName().IsMatch(key))
            {
                context.Errors.Add(node, $"'{key}' is not a valid environment variable name for the {what}; use letters, digits and '_', not starting with a digit.");
            }
            else
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static List<LabFile> ReadFiles(YamlMap map, LabReadContext context, string what)
    {
        var files = new List<LabFile>();
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in map.Sequence("files") ?? [])
        {
            var file = YamlMap.From(item, context.Errors, $"file entry of the {what}", FileKeys);
            if (file is null)
            {
                continue;
            }

            var source = file.String("source", required: true);
            var target = file.String("target", required: true);
            var modeText = file.String("mode");
            var ok = source is not null && context.Folder.ResolveFile(source, file.At("source"), context.Errors, "file") is not null;

            if (target is not null)
            {
                if (!target.StartsWith('/') || target.Split('/').Any(s => s is ".." or ".") || target.EndsWith('/'))
                {
                    context.Errors.Add(file.At("target"), $"The target '{target}' must be an absolute file path inside the node without '.' or '..', e.g. /usr/local/bin/tool.");
                    ok = false;
                }
                else if (!LabNode.IsWritable(target))
                {
                    context.Errors.Add(file.At("target"), $"The target '{target}' is on the node's read-only file system; place files under one of {string.Join(", ", LabNode.WritableFolders)}, e.g. /usr/local/bin/tool.");
                    ok = false;
                }
                else if (!targets.Add(target))
                {
                    context.Errors.Add(file.At("target"), $"Two files of the {what} are copied to '{target}'; give each a different target.");
                    ok = false;
                }
            }

            var mode = 0b110_100_100; // 0644: data files are not executable unless the author says so.
            if (modeText is not null)
            {
                if (modeText.Length is < 3 or > 4 || !modeText.All(c => c is >= '0' and <= '7'))
                {
                    context.Errors.Add(file.At("mode"), $"The mode '{modeText}' must be octal permission bits, e.g. \"0755\" or \"0644\".");
                    ok = false;
                }
                else
                {
                    mode = Convert.ToInt32(modeText, 8);
                }
            }

            if (ok && source is not null && target is not null)
            {
                files.Add(new LabFile(source, target, mode));
            }
        }

        return files;
    }
}
