using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>Host-side settings of a container (<c>HostConfig</c> in the Engine API).</summary>
public sealed class HostConfig
{
    /// <summary>Capabilities to add, e.g. <c>NET_ADMIN</c>.</summary>
    public IList<string>? CapAdd { get; set; }

    /// <summary>Capabilities to drop, or <c>ALL</c>.</summary>
    public IList<string>? CapDrop { get; set; }

    /// <summary>Security options, e.g. <c>no-new-privileges</c>.</summary>
    public IList<string>? SecurityOpt { get; set; }

    /// <summary>Memory limit in bytes; 0 means none.</summary>
    public long Memory { get; set; }

    /// <summary>Memory plus swap limit in bytes; equal to <see cref="Memory"/> means no swap, -1 unlimited.</summary>
    public long MemorySwap { get; set; }

    /// <summary>CPU quota in units of 1e-9 CPUs (1_000_000_000 is one CPU).</summary>
    [JsonPropertyName("NanoCpus")]
    public long NanoCPUs { get; set; }

    /// <summary>Maximum number of processes; null or 0 means unlimited.</summary>
    public long? PidsLimit { get; set; }

    /// <summary>Namespaced kernel parameters, e.g. <c>net.ipv4.ip_forward=1</c>.</summary>
    public IDictionary<string, string>? Sysctls { get; set; }

    /// <summary>Network mode: <c>bridge</c>, <c>none</c>, a network name, <c>container:&lt;id&gt;</c>...</summary>
    public string? NetworkMode { get; set; }

    /// <summary>Run an init process (tini) as PID 1 that reaps zombies and forwards signals.</summary>
    public bool? Init { get; set; }

    /// <summary>Mount the root file system read-only.</summary>
    public bool ReadonlyRootfs { get; set; }

    /// <summary>tmpfs mounts: container path to mount options.</summary>
    public IDictionary<string, string>? Tmpfs { get; set; }

    /// <summary>Host devices made visible in the container, e.g. <c>/dev/net/tun</c>.</summary>
    public IList<DeviceMapping>? Devices { get; set; }

    /// <summary>Remove the container when its main process exits.</summary>
    public bool AutoRemove { get; set; }

    /// <summary>What to do when the main process exits.</summary>
    public RestartPolicy? RestartPolicy { get; set; }

    /// <summary>Bind mounts as <c>host:container[:options]</c>.</summary>
    public IList<string>? Binds { get; set; }

    /// <summary>Privileged mode. Read it from inspect to verify it is off; NetAcademy never sets it.</summary>
    public bool Privileged { get; set; }
}
