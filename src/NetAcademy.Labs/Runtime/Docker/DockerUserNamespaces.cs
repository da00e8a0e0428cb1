namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// Whether an engine keeps root in a node from being root on the host, from its security options (<c>GET /info</c>):
/// <c>name=userns</c> (userns-remap) or <c>name=rootless</c> (a rootless engine). Pure.
/// </summary>
public static class DockerUserNamespaces
{
    /// <summary>
    /// Null when the engine isolates users (or the operator has said it isolates them another way); otherwise one
    /// sentence saying what is wrong and both ways to fix it.
    /// </summary>
    /// <param name="securityOptions">The engine's security options as it reports them.</param>
    /// <param name="allowWithout">The operator's opt-out, <see cref="DockerOptions.AllowWithoutUsernsRemap"/>.</param>
    /// <param name="engine">The engine for the message, e.g. "Docker 28.5.2 at unix:///var/run/docker.sock".</param>
    public static string? Problem(IEnumerable<string> securityOptions, bool allowWithout, string engine)
    {
        ArgumentNullException.ThrowIfNull(securityOptions);
        if (allowWithout || securityOptions.Any(o => o.Split(',').Contains("name=userns", StringComparer.Ordinal)
                                                     || o.Split(',').Contains("name=rootless", StringComparer.Ordinal)))
        {
            return null;
        }
        return $"{engine} runs without userns-remap: root in a lab node would be root on the host. "
             + "Set \"userns-remap\": \"default\" in /etc/docker/daemon.json and restart the engine (deploy/ensure-docker.sh does), "
             + "or, for an engine that isolates users another way (rootless, a VM runtime), set Docker:AllowWithoutUsernsRemap=true.";
    }
}
