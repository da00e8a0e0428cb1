using System.ComponentModel.DataAnnotations;

namespace NetAcademy.Labs;

/// <summary>Options of the lab runtime and session manager, bound from the "Labs" configuration section.</summary>
public sealed class LabsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Labs";

    /// <summary>The runtime backend that runs lab nodes, by key. Default "docker" (the only one so far).</summary>
    [Required]
    public string Runtime { get; set; } = "docker";

    /// <summary>
    /// Name of this server instance, written on every container and network as <c>netacademy.instance</c>.
    /// At start-up the server adopts or removes only its own instance's objects, so a test run and a
    /// running platform can share one engine. Default "default".
    /// </summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9-]{0,30}$")]
    public string Instance { get; set; } = "default";

    /// <summary>Image reference for a recipe name; {0} is the recipe. Default "netacademy/{0}:latest".</summary>
    [Required]
    public string ImageFormat { get; set; } = "netacademy/{0}:latest";

    /// <summary>
    /// Address block the engine's side of lab networks is drawn from, one random /26 per session network.
    /// Learners never see these addresses (nodes carry the lab's own); pick a block no host route uses.
    /// Default "100.64.0.0/10".
    /// </summary>
    [Required]
    public string NetworkPool { get; set; } = "100.64.0.0/10";

    /// <summary>Session time limit when a lab sets none. Default 2 h.</summary>
    public TimeSpan DefaultSessionTime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Longest a session can be extended to, from its start. Default 4 h.</summary>
    public TimeSpan MaxSessionTime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How much one Extend adds. Default 30 min.</summary>
    public TimeSpan ExtendBy { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Idle time (no terminal input, no open workspace) after which a session is culled when the lab sets none. Default 30 min.</summary>
    public TimeSpan DefaultIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Sessions one user may run at once. Default 2.</summary>
    [Range(1, 100)]
    public int MaxSessionsPerUser { get; set; } = 2;

    /// <summary>Sessions the whole platform may run at once. Default 60.</summary>
    [Range(1, 10000)]
    public int MaxSessions { get; set; } = 60;

    /// <summary>
    /// Most a lab may give each writable folder of a node (its <c>disk_mib</c>), in MiB. A lab that asks for more
    /// does not start. The folders are memory (tmpfs), so they also count against the node's memory limit. Default 1024.
    /// </summary>
    [Range(8, 65536)]
    public int MaxNodeDiskMiB { get; set; } = 1024;

    /// <summary>Time one setup script may take before the start fails. Default 120 s.</summary>
    public TimeSpan SetupTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Time the platform's own set-up of a node (its writable folders, the names and addresses of its interfaces) may
    /// take before the start fails. Default 30 s; the lab-test VM's emulated guest needs longer for a node with several
    /// interfaces (deploy/vm/guest.sh).
    /// </summary>
    public TimeSpan NodeSetUpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the reaper looks for expired and idle sessions. Default 15 s.</summary>
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Warm pool size per lab id (e.g. <c>Labs:Pools:veth-pairs=3</c>), overriding the lab's own <c>pool.size</c>;
    /// 0 turns a lab's pool off. Labs named nowhere keep their lab.yaml value (default none).
    /// </summary>
    public Dictionary<string, int> Pools { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Memory, in MiB, that all warm sessions may hold together (each counts its nodes' memory limits). Default 2048; 0 turns every pool off.</summary>
    public int PoolMemoryBudgetMiB { get; set; } = 2048;

    /// <summary>How often the keeper tops the pools up, besides right after each claim. Default 5 s.</summary>
    public TimeSpan PoolFillInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether a server that shuts down stops its unclaimed warm sessions (a killed server's are adopted by the next one). Default true.</summary>
    public bool DrainPoolsAtShutdown { get; set; } = true;
}
