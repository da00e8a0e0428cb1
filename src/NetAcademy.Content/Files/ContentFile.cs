using System.Text;
using NetAcademy.Content.Errors;

namespace NetAcademy.Content.Files;

/// <summary>
/// Reads an author's text file for the loaders with the checks a file from anywhere needs: it must stay
/// inside its folder once links are followed, be below a size limit (checked before reading, so a 20 MB
/// file is never loaded whole), and be UTF-8 text rather than a binary. Problems become errors on the file.
/// </summary>
internal static class ContentFile
{
    /// <summary>Largest lab.yaml or course.yaml read: far above any real one, far below a memory problem.</summary>
    public const long MaxYamlBytes = 1024 * 1024;

    /// <summary>Largest lesson read.</summary>
    public const long MaxLessonBytes = 2 * 1024 * 1024;

    /// <summary>Largest setup or solution script read into the lab model.</summary>
    public const long MaxScriptBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text, or null after reporting to <paramref name="errors"/> why it was not read.</summary>
    /// <param name="path">The file.</param>
    /// <param name="root">The folder the file must stay inside, links followed.</param>
    /// <param name="maxBytes">The size limit.</param>
    /// <param name="errors">Where problems go, as file-level errors.</param>
    /// <param name="report">Reports one problem; defaults to a file-level error on <paramref name="errors"/>.</param>
    public static string? ReadText(string path, string root, long maxBytes, ErrorSink errors, Action<string>? report = null)
    {
        report ??= errors.AddFileLevel;
        var name = Path.GetFileName(path);
        if (!ContentPath.IsInside(root, path))
        {
            report($"{name} is a link to a file outside its folder; copy the file into {Path.GetFileName(Path.TrimEndingDirectorySeparator(root))}/ instead.");
            return null;
        }
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.Length > maxBytes)
            {
                report($"{name} is {Size(stream.Length)}; files over {Size(maxBytes)} are not loaded. Split it or remove what does not belong in it.");
                return null;
            }
            // Read at most one byte past the limit: the file may grow between the length check and the read.
            bytes = new byte[Math.Min(stream.Length + 1, maxBytes + 1)];
            var total = 0;
            int read;
            while (total < bytes.Length && (read = stream.Read(bytes, total, bytes.Length - total)) > 0)
            {
                total += read;
            }
            if (total > maxBytes)
            {
                report($"{name} grew past {Size(maxBytes)} while being read; files over {Size(maxBytes)} are not loaded.");
                return null;
            }
            Array.Resize(ref bytes, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report($"{name} cannot be read: {ex.Message}");
            return null;
        }
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            report($"{name} is a binary file (it contains NUL bytes), not UTF-8 text; save it as text or remove it.");
            return null;
        }
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException ex)
        {
            report($"{name} is not valid UTF-8 text (bad byte at offset {ex.Index}); save it as UTF-8.");
            return null;
        }
    }

    private static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024.0):0.#} MiB" : $"{bytes / 1024.0:0.#} KiB";
}
