using NetAcademy.Content.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Yaml;

/// <summary>Turns YAML text into a node tree, reporting syntax errors with their position.</summary>
internal static class YamlDocumentReader
{
    /// <summary>The root node of the single document in <paramref name="text"/>, or null after reporting why not.</summary>
    public static YamlNode? Read(string text, ErrorSink errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new DepthLimitedParser(new Parser(new StringReader(text))));
        }
        catch (NestingTooDeepException ex)
        {
            errors.Add(ex.Start, $"{ex.Message}; no lab or course needs that, flatten the structure.");
            return null;
        }
        catch (YamlException ex)
        {
            var reason = (ex.InnerException?.Message ?? ex.Message).Trim();
            var message = reason.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase) || ex.InnerException is ArgumentException
                ? $"Duplicate key ({reason}); each key may appear once per mapping, remove or rename one of them."
                : $"YAML syntax error: {StripPosition(reason)}; check indentation, colons and quoting on this line.";
            errors.Add(ex.Start, message);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner throws these on some malformed input (e.g. an unclosed '[' then a '{' line)
            // instead of a YamlException; it is still the author's syntax error, not the server's.
            errors.Add(1, 1, $"YAML syntax error the parser could not place ({ex.Message.TrimEnd('.')}); check for unclosed brackets, braces and quotes.");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            errors.Add(1, 1, "The file is empty; write a YAML mapping with the required keys.");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(stream.Documents[1].RootNode, "Only one YAML document is allowed; remove the second '---' section.");
        }

        return stream.Documents[0].RootNode;
    }

    private static string StripPosition(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is already in the error.
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && index >= 0 ? message[(index + 3)..].TrimEnd('.') : message.TrimEnd('.');
    }
}
