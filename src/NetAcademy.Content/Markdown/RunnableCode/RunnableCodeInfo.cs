using Markdig.Syntax;

namespace NetAcademy.Content.Markdown.RunnableCode;

/// <summary>Reads the <c>run=&lt;node&gt;</c> option from a fenced code block's info string (<c>```sh run=host1</c>).</summary>
public static class RunnableCodeInfo
{
    /// <summary>The node the block runs on, or null when the block is not runnable.</summary>
    public static string? GetRunNode(CodeBlock block) =>
        block is FencedCodeBlock { Arguments: { } arguments } ? GetRunNode(arguments) : null;

    /// <summary>The value of the first <c>run=</c> token of <paramref name="arguments"/>, or null.</summary>
    public static string? GetRunNode(string arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        foreach (var token in arguments.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith("run=", StringComparison.Ordinal))
            {
                return token[4..];
            }
        }

        return null;
    }
}
