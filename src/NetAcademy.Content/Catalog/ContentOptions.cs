using System.ComponentModel.DataAnnotations;

namespace NetAcademy.Content.Catalog;

/// <summary>
/// Where content comes from; bound from the <c>Content</c> configuration section. Relative paths are resolved
/// against the process's current directory (the repository root when run with <c>dotnet run</c> from there).
/// </summary>
public sealed class ContentOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Content";

    /// <summary>Folder of courses, one sub-folder per course. Default <c>content</c>.</summary>
    [Required]
    public string ContentRoot { get; set; } = "content";

    /// <summary>Folder of labs, one sub-folder per lab with a lab.yaml. Default <c>labs</c>.</summary>
    [Required]
    public string LabsRoot { get; set; } = "labs";

    /// <summary>Folder of lab image recipes; a node's image must have a sub-folder here. Default <c>deploy/images</c>.</summary>
    [Required]
    public string ImagesRoot { get; set; } = "deploy/images";

    /// <summary>Watch the folders and reload when a file changes. Default true; turn off in production if content is baked in.</summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary>How long to wait after the last change before reloading, so a save of many files reloads once. Default 300 ms.</summary>
    [Range(0, 60_000)]
    public int ReloadDelayMilliseconds { get; set; } = 300;
}
