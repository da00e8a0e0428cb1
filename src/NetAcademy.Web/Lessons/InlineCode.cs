namespace NetAcademy.Web.Lessons;

/// <summary>Splits a plain sentence (a task's description, a check's message) at its `code spans`.</summary>
public static class InlineCode
{
    /// <summary>A run of text, code or not.</summary>
    /// <param name="Text">The text, without the backticks.</param>
    /// <param name="IsCode">True for a code span.</param>
    public readonly record struct Part(string Text, bool IsCode);

    /// <summary>The runs of <paramref name="text"/> in order; an unmatched backtick stays text.</summary>
    public static IReadOnlyList<Part> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<Part>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf('`', at);
            var close = open < 0 ? -1 : text.IndexOf('`', open + 1);
            if (open < 0 || close < 0 || close == open + 1)
            {
                parts.Add(new Part(text[at..], false));
                break;
            }
            if (open > at)
            {
                parts.Add(new Part(text[at..open], false));
            }
            parts.Add(new Part(text[(open + 1)..close], true));
            at = close + 1;
        }
        return parts;
    }
}
