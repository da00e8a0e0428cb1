using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Capture;

/// <summary>
/// Checks of what a learner types into the capture form, before anything runs in a node. The filter is only
/// checked for size and characters: its syntax is judged by tcpdump itself, which gets it as one argv element
/// after <c>--</c>, never through a shell.
/// </summary>
public static class CaptureValidation
{
    /// <summary>Longest interface name the kernel accepts (IFNAMSIZ - 1).</summary>
    public const int MaxInterfaceLength = 15;

    /// <summary>Throws unless <paramref name="name"/> is a name the kernel would accept for an interface.</summary>
    /// <exception cref="CaptureException">The name is empty, too long, "." or "..", or has '/', ':' or whitespace.</exception>
    public static void ValidateInterface(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new CaptureException("Choose an interface to capture on.");
        }
        if (name.Length > MaxInterfaceLength)
        {
            throw new CaptureException($"'{Shorten(name)}' is not an interface name: interface names have at most {MaxInterfaceLength} characters.");
        }
        if (name is "." or "..")
        {
            throw new CaptureException($"'{name}' is not an interface name.");
        }
        // The kernel's dev_valid_name refuses '/', ':' and whitespace; control characters are refused here too.
        foreach (var c in name)
        {
            if (c is '/' or ':' || char.IsWhiteSpace(c) || c < 0x21 || c > 0x7e)
            {
                throw new CaptureException($"'{Shorten(name)}' is not an interface name: it may not contain '/', ':', spaces or control characters.");
            }
        }
    }

    /// <summary>Throws unless <paramref name="netns"/> is null or a valid network namespace name.</summary>
    /// <exception cref="CaptureException">The name is not valid.</exception>
    public static void ValidateNetns(string? netns)
    {
        if (netns is not null && !NetnsName.IsValid(netns))
        {
            throw new CaptureException($"'{Shorten(netns)}' is not a network namespace name.");
        }
    }

    /// <summary>
    /// Returns the filter trimmed, or null for none; throws when it is longer than <paramref name="maxLength"/>
    /// or has characters outside printable ASCII.
    /// </summary>
    /// <exception cref="CaptureException">The filter is too long or has other characters.</exception>
    public static string? NormalizeFilter(string? filter, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }
        var trimmed = filter.Trim();
        if (trimmed.Length > maxLength)
        {
            throw new CaptureException($"The capture filter is too long: {trimmed.Length} characters, at most {maxLength}.");
        }
        foreach (var c in trimmed)
        {
            if (c < 0x20 || c > 0x7e)
            {
                throw new CaptureException("The capture filter may only contain printable ASCII characters (letters, digits, spaces and punctuation).");
            }
        }
        return trimmed;
    }

    private static string Shorten(string text)
    {
        var printable = new string(text.Take(40).Select(c => c < 0x20 || c == 0x7f ? '?' : c).ToArray());
        return text.Length > 40 ? printable + "…" : printable;
    }
}
