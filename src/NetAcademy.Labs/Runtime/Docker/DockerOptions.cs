namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>How the Docker backend reaches its engine, bound from the "Docker" configuration section.</summary>
public sealed class DockerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Docker";

    /// <summary>
    /// The engine's endpoint: <c>unix:///path/to/docker.sock</c>, or <c>tcp://host:port</c> for an engine on another
    /// machine (with <see cref="TlsCertPath"/> for TLS client certificates). Default: null, which means the
    /// <c>DOCKER_HOST</c> environment variable, or <c>unix:///var/run/docker.sock</c> when that is not set.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// The Engine API version to speak, e.g. "1.45". Default: null, which negotiates: the newest version both the
    /// engine and the platform speak. Set it only to pin a version the engine is known to serve; an engine that
    /// does not speak it is refused with both versions named.
    /// </summary>
    public string? ApiVersion { get; set; }

    /// <summary>
    /// A folder with <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c> (as <c>docker --tlsverify</c> uses) for a
    /// <c>tcp://</c> endpoint: the client certificate proves who we are, and the engine's certificate must be signed
    /// by <c>ca.pem</c>. Default: null, which means the <c>DOCKER_CERT_PATH</c> environment variable when
    /// <c>DOCKER_TLS_VERIFY</c> is set, otherwise plain TCP (only for an engine on a trusted private network).
    /// </summary>
    public string? TlsCertPath { get; set; }

    /// <summary>
    /// Lets labs run on an engine without userns-remap. Default false: such an engine makes root in a node root on the
    /// host, so labs are refused there. Set it only for an engine that isolates users another way (a VM runtime such
    /// as Kata); a rootless engine is recognised by itself.
    /// </summary>
    public bool AllowWithoutUsernsRemap { get; set; }

    /// <summary>
    /// Checks the host firewall rules for lab bridges before every lab start on a local engine, puts back a missing one
    /// and refuses the start when it cannot. Default true. Turn it off only where the server cannot run iptables and
    /// the rules are kept another way (they are what keeps a lab from the host's own services).
    /// </summary>
    public bool CheckHostFirewall { get; set; } = true;

    /// <summary>Upper bound for one ordinary engine request (create, inspect, list). Streams are bounded by their own tokens. Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The endpoint in force: <see cref="Endpoint"/>, else DOCKER_HOST, else the local socket.</summary>
    public string ResolveEndpoint()
    {
        var text = string.IsNullOrWhiteSpace(Endpoint) ? Environment.GetEnvironmentVariable("DOCKER_HOST") : Endpoint;
        return string.IsNullOrWhiteSpace(text) ? "unix:///var/run/docker.sock" : text.Trim();
    }

    /// <summary>The TLS folder in force: <see cref="TlsCertPath"/>, else DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set, else null.</summary>
    public string? ResolveTlsCertPath()
    {
        if (!string.IsNullOrWhiteSpace(TlsCertPath))
        {
            return TlsCertPath;
        }
        var verify = Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY");
        var path = Environment.GetEnvironmentVariable("DOCKER_CERT_PATH");
        return !string.IsNullOrEmpty(verify) && verify != "0" && !string.IsNullOrWhiteSpace(path) ? path : null;
    }
}
