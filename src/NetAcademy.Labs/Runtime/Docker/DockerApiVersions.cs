using System.Globalization;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// Which Engine API version to speak with an engine, the way the docker CLI negotiates: the newest version both
/// sides speak. Pure, so the choice is tested without an engine.
/// </summary>
public static class DockerApiVersions
{
    /// <summary>
    /// The oldest API version the platform speaks: 1.41, Docker 20.10 (Debian 12's docker.io). Older engines lack
    /// what the sandbox relies on (cgroup v2 limits, no-new-privileges with remap).
    /// </summary>
    public static readonly Version Minimum = new(1, 41);

    /// <summary>
    /// The newest API version the platform speaks: 1.52, Docker 29, the Engine API that Docker.DotNet.Enhanced 4.4's
    /// models are generated from. A newer engine is spoken to at this version, which it still serves.
    /// </summary>
    public static readonly Version Maximum = new(1, 52);

    /// <summary>Parses "1.45" (a leading "v" is allowed); null when it is not a major.minor version.</summary>
    public static Version? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var trimmed = text.Trim().TrimStart('v', 'V');
        var parts = trimmed.Split('.');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? new Version(major, minor)
            : null;
    }

    /// <summary>
    /// The version to use with an engine that speaks <paramref name="engineMinimum"/> to <paramref name="engineMaximum"/>,
    /// or a sentence saying why there is none.
    /// </summary>
    /// <param name="engineMinimum">The engine's oldest API version (its <c>MinAPIVersion</c>).</param>
    /// <param name="engineMaximum">The engine's newest API version (its <c>ApiVersion</c>).</param>
    /// <param name="configured">A version pinned by configuration, or null to negotiate.</param>
    /// <param name="engine">The engine for the message, e.g. "Docker 20.10.24 at unix:///var/run/docker.sock".</param>
    public static (Version? Version, string? Problem) Choose(Version engineMinimum, Version engineMaximum, Version? configured, string engine)
    {
        var range = $"{Format(engineMinimum)}-{Format(engineMaximum)}";
        if (configured is not null)
        {
            if (configured < engineMinimum || configured > engineMaximum)
            {
                return (null, $"Docker:ApiVersion is {Format(configured)}, but {engine} speaks Engine API {range}. Remove the setting to negotiate, or set a version in that range.");
            }
            if (configured < Minimum)
            {
                return (null, $"Docker:ApiVersion is {Format(configured)}, older than NetAcademy supports (Engine API {Format(Minimum)}, Docker 20.10). Remove the setting to negotiate.");
            }
            return (configured, null);
        }
        var chosen = engineMaximum < Maximum ? engineMaximum : Maximum;
        if (chosen < Minimum)
        {
            return (null, $"{engine} speaks Engine API {range}; NetAcademy needs Engine API {Format(Minimum)} (Docker 20.10) or newer. Upgrade the engine.");
        }
        if (chosen < engineMinimum)
        {
            return (null, $"{engine} speaks Engine API {range} only; NetAcademy speaks {Format(Minimum)}-{Format(Maximum)}. Use an engine that still serves Engine API {Format(Maximum)}.");
        }
        return (chosen, null);
    }

    /// <summary>"1.45".</summary>
    public static string Format(Version version) => version.ToString(2);
}
