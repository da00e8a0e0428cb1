using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Errors;

/// <summary>
/// Collects the errors of one file. Loaders never stop at the first problem: they report it here and go on,
/// so an author sees every mistake of a file in one run.
/// </summary>
internal sealed class ErrorSink(string file, int lineOffset = 0)
{
    private readonly List<ContentError> _errors = [];

    public string File => file;

    public IReadOnlyList<ContentError> Errors => _errors;

    public int Count => _errors.Count;

    /// <summary>A sink for the same file whose YAML line 1 sits at <paramref name="offset"/> + 1 in the file.</summary>
    public ErrorSink WithLineOffset(int offset) => new(file, offset);

    public void Add(int line, int column, string message) => _errors.Add(new ContentError(file, line, column, message));

    public void Add(Mark mark, string message) => Add((int)mark.Line + lineOffset, (int)mark.Column, message);

    public void Add(YamlNode node, string message) => Add(node.Start, message);

    public void AddFileLevel(string message) => Add(0, 0, message);

    public void AddRange(IEnumerable<ContentError> errors) => _errors.AddRange(errors);
}
