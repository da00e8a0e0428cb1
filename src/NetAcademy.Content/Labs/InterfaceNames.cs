namespace NetAcademy.Content.Labs;

/// <summary>The kernel's rule for interface names (IFNAMSIZ and dev_valid_name).</summary>
internal static class InterfaceNames
{
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= 15 } and not "." and not ".."
        && name.All(c => c > ' ' && c < 127 && c is not '/' and not ':');
}
