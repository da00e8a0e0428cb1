using NetAcademy.Content.Errors;
using NetAcademy.Content.Files;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Labs;

/// <summary>
/// Resolves paths an author wrote in lab.yaml (setup scripts, solutions, files) against the lab folder and
/// refuses anything that would reach outside it, so a lab can never copy host files into a node.
/// </summary>
internal sealed class LabFolder(string directory)
{
    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    public string Root => _root;

    /// <summary>The absolute path of an existing file inside the lab folder, or null after reporting why not.</summary>
    public string? ResolveFile(string relative, YamlNode at, ErrorSink errors, string what)
    {
        if (relative.Length == 0)
        {
            errors.Add(at, $"The {what} path is empty; give a path relative to the lab folder, e.g. setup/host1.sh.");
            return null;
        }

        if (Path.IsPathRooted(relative) || relative.StartsWith('/') || relative.StartsWith('\\') || relative.Contains(':'))
        {
            errors.Add(at, $"The {what} path '{relative}' is absolute; write it relative to the lab folder, e.g. setup/host1.sh.");
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(_root, relative));
        if (!IsInside(full))
        {
            errors.Add(at, $"The {what} path '{relative}' leaves the lab folder; keep every file inside labs/{Path.GetFileName(_root)}/.");
            return null;
        }

        if (!File.Exists(full))
        {
            errors.Add(at, $"The {what} '{relative}' does not exist in the lab folder; create it or fix the path.");
            return null;
        }

        // A symbolic link (the file's or a folder's on the way) could point anywhere on the host; follow them all.
        if (!ContentPath.IsInside(_root, full))
        {
            errors.Add(at, $"The {what} '{relative}' is a link to a file outside the lab folder; copy the file into the lab folder instead.");
            return null;
        }

        return full;
    }

    private bool IsInside(string fullPath) =>
        fullPath.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
