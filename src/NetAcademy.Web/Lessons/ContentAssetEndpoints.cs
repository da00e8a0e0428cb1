using Microsoft.AspNetCore.StaticFiles;
using NetAcademy.Content.Catalog;
using NetAcademy.Core.Ids;

namespace NetAcademy.Web.Lessons;

/// <summary>Images and diagrams stored beside lessons, served from inside their course folder only.</summary>
public static class ContentAssetEndpoints
{
    private static readonly HashSet<string> AllowedExtensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp" };
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Maps GET /content/{courseId}/{**path}.</summary>
    public static IEndpointRouteBuilder MapContentAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/content/{courseId}/{**path}", (string courseId, string? path, ContentCatalogProvider catalog, HttpContext http) =>
        {
            if (!CourseId.TryParse(courseId, out var id) || catalog.Current.FindCourse(id) is not { } course || string.IsNullOrEmpty(path))
            {
                return Results.NotFound();
            }
            var file = Resolve(course.Directory, path);
            if (file is null)
            {
                return Results.NotFound();
            }
            ContentTypes.TryGetContentType(file, out var type);
            // An SVG opened on its own must not run script in our origin.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(file, type ?? "application/octet-stream");
        });
        return endpoints;
    }

    /// <summary>
    /// The file under <paramref name="root"/> named by <paramref name="relative"/>, or null when it escapes the
    /// folder (.., absolute paths, symlinks pointing out), does not exist or is not an image.
    /// </summary>
    public static string? Resolve(string root, string relative)
    {
        if (relative.Contains('\0', StringComparison.Ordinal) || relative.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }
        var fullRoot = Path.GetFullPath(root).TrimEnd('/') + "/";
        var full = Path.GetFullPath(Path.Combine(fullRoot, relative));
        if (!full.StartsWith(fullRoot, StringComparison.Ordinal) || !AllowedExtensions.Contains(Path.GetExtension(full)))
        {
            return null;
        }
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            return null;
        }
        // Follow links all the way (the file's and every folder's on the way) and require the target to stay inside the course folder too.
        return NetAcademy.Content.Files.ContentPath.IsInside(fullRoot, full) ? full : null;
    }
}
