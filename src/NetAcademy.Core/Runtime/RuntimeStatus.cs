namespace NetAcademy.Core.Runtime;

/// <summary>What the lab runtime's backend is and whether it can run labs, for start-up logs, health and <c>doctor</c>.</summary>
/// <param name="Backend">The backend's key, e.g. "docker".</param>
/// <param name="Endpoint">Where it is reached, e.g. <c>unix:///var/run/docker.sock</c>.</param>
/// <param name="Available">True when labs can be started on it.</param>
/// <param name="Problem">Why not, when <paramref name="Available"/> is false: one sentence with the versions and what to do.</param>
/// <param name="EngineVersion">The engine's own version, e.g. "28.5.2"; null when it could not be asked.</param>
/// <param name="ApiVersion">The API version in use after negotiation, e.g. "1.51"; null when none could be agreed.</param>
/// <param name="EngineApiRange">The engine's API versions, e.g. "1.24-1.51"; null when unknown.</param>
/// <param name="SecurityOptions">The engine's security options as it reports them (e.g. "name=userns", "name=seccomp,profile=builtin").</param>
/// <param name="KernelVersion">The engine host's kernel, e.g. "6.18.0"; null when unknown.</param>
public sealed record RuntimeStatus(
    string Backend,
    string Endpoint,
    bool Available,
    string? Problem,
    string? EngineVersion,
    string? ApiVersion,
    string? EngineApiRange,
    IReadOnlyList<string> SecurityOptions,
    string? KernelVersion)
{
    /// <summary>True when the engine reports user-namespace remapping (root in a node is not root on the host).</summary>
    public bool UsernsRemap => SecurityOptions.Any(o => o.Contains("name=userns", StringComparison.Ordinal));

    /// <summary>One line for people, e.g. "docker 28.5.2 (API 1.51) at unix:///var/run/docker.sock".</summary>
    public string Describe() => Available
        ? $"{Backend} {EngineVersion} (API {ApiVersion}) at {Endpoint}"
        : $"{Backend} at {Endpoint}: {Problem}";
}

/// <summary>Tells what the runtime's backend is and whether it can be used.</summary>
public interface IRuntimeStatusSource
{
    /// <summary>Asks the backend now (negotiating with it when that has not happened yet). Never throws for an unreachable backend: the status says so.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken);
}
