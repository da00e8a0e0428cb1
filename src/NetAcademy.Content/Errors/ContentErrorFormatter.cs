namespace NetAcademy.Content.Errors;

/// <summary>
/// Formats errors the way compilers do, <c>file:line:col: error: message</c>, so editors and CI log
/// viewers turn them into links.
/// </summary>
public static class ContentErrorFormatter
{
    /// <summary>
    /// Formats one error. When <paramref name="baseDirectory"/> is given and the file lies beneath it, the
    /// path is written relative to it.
    /// </summary>
    /// <param name="error">The problem.</param>
    /// <param name="baseDirectory">Paths under it are written relative to it.</param>
    /// <param name="severity">"error", or "warning" for what asks for a second look without failing.</param>
    public static string Format(ContentError error, string? baseDirectory = null, string severity = "error")
    {
        ArgumentNullException.ThrowIfNull(error);
        var file = error.File;
        if (baseDirectory is not null)
        {
            var relative = Path.GetRelativePath(baseDirectory, file);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                file = relative;
            }
        }

        return $"{file.Replace('\\', '/')}:{error.Line}:{error.Column}: {severity}: {error.Message}";
    }

    /// <summary>Writes one line per error, in the order given.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task WriteAsync(
        TextWriter writer, IEnumerable<ContentError> errors, string? baseDirectory, CancellationToken cancellationToken, string severity = "error")
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var error in errors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(Format(error, baseDirectory, severity).AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }
}
