using NetAcademy.Content.Errors;
using NetAcademy.Content.Labs;
using NetAcademy.Core.Labs;

namespace NetAcademy.Content.Linting;

/// <summary>
/// Warnings, not errors, for what a lab may do but should do knowingly: a node that asks for <c>SYS_ADMIN</c> (mount,
/// unshare, setns and much else) widens what a learner with root in it can reach in the shared kernel. The platform
/// grants it only on engines with userns-remap; a lab should ask for it only where it needs it (<c>ip netns</c>, or a
/// tool such as drbdsetup), and docs/security.md says which labs do and why.
/// </summary>
public static class CapabilityAdvisor
{
    /// <summary>One warning per node of every lab under <paramref name="labsRoot"/> that asks for SYS_ADMIN.</summary>
    /// <param name="labsRoot">A labs folder (every child with a lab.yaml) or one lab folder.</param>
    /// <param name="imagesRoot">The image recipes folder, as for loading.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    public static IReadOnlyList<ContentError> Warnings(string labsRoot, string? imagesRoot, CancellationToken cancellationToken)
    {
        var warnings = new List<ContentError>();
        foreach (var (folder, lab) in LintedLabs.Load(labsRoot, imagesRoot, cancellationToken))
        {
            var file = Path.Combine(folder, LabLoader.FileName);
            var lines = File.ReadAllLines(file);
            var usesNetns = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(File.ReadAllText)
                .Any(text => text.Contains("netns", StringComparison.Ordinal) || text.Contains("ip -n ", StringComparison.Ordinal));
            foreach (var node in lab.Nodes.Where(n => n.Capabilities.Contains(Capability.SYS_ADMIN)))
            {
                warnings.Add(new ContentError(file, LineOf(lines, node.Name.Value), 0,
                    $"node {node.Name} asks for SYS_ADMIN (mount, unshare, setns and more in the shared kernel); "
                    + (usesNetns
                        ? "the lab uses network namespaces (ip netns), which need it. List the lab in docs/security.md."
                        : "no file of the lab uses ip netns: drop it unless a tool needs it, and say which in docs/security.md.")));
            }
        }
        return warnings;
    }

    // The node's SYS_ADMIN: the first line naming it after the node's "name:" line (1-based), or 0 when not found.
    private static int LineOf(string[] lines, string node)
    {
        var start = Array.FindIndex(lines, l => l.TrimStart(' ', '-').StartsWith($"name: {node}", StringComparison.Ordinal)
                                                && l.TrimEnd().EndsWith(node, StringComparison.Ordinal));
        if (start < 0)
        {
            return 0;
        }
        var at = Array.FindIndex(lines, start, l => l.Contains("SYS_ADMIN", StringComparison.Ordinal));
        return at < 0 ? 0 : at + 1;
    }
}
