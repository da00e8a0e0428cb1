namespace NetAcademy.Content.Errors;

/// <summary>
/// One problem found in a content or lab file. <paramref name="Line"/> and <paramref name="Column"/> are
/// 1-based; both are 0 when the problem concerns a whole file or folder (for example a missing file).
/// </summary>
/// <param name="File">Path of the file (or folder) the problem is in.</param>
/// <param name="Line">1-based line, or 0.</param>
/// <param name="Column">1-based column, or 0.</param>
/// <param name="Message">A sentence that says what is wrong and how to fix it.</param>
public sealed record ContentError(string File, int Line, int Column, string Message);
