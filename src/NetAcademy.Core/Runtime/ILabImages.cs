namespace NetAcademy.Core.Runtime;

/// <summary>The lab images the runtime's backend has, for <c>doctor</c> and health checks.</summary>
public interface ILabImages
{
    /// <summary>The image built from recipe <paramref name="recipe"/> (e.g. "base"), or null when it is not built.</summary>
    /// <exception cref="LabRuntimeException">The backend failed.</exception>
    Task<LabImageInfo?> FindAsync(string recipe, CancellationToken cancellationToken);
}

/// <summary>A built lab image.</summary>
/// <param name="Reference">How the backend names it, e.g. "netacademy/base:latest".</param>
/// <param name="RecipeHash">The hash of the recipe it was built from (its <c>netacademy.recipe</c> label), or null.</param>
/// <param name="Created">When it was built.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="CanFillWritableFolders">Whether it carries the copy of its writable folders that a node with a read-only
/// root starts from; an image built before that cannot run a node.</param>
public sealed record LabImageInfo(string Reference, string? RecipeHash, DateTimeOffset Created, long SizeBytes, bool CanFillWritableFolders);
