using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Labs;

/// <summary>One container of a lab.</summary>
/// <param name="Name">Node name, unique in the lab; also the default hostname.</param>
/// <param name="Image">Image recipe name under <c>deploy/images/</c> (the runtime uses <c>netacademy/&lt;image&gt;:latest</c>).</param>
/// <param name="Capabilities">Linux capabilities added to the node; nothing else is granted. Default NET_ADMIN, NET_RAW.</param>
/// <param name="MemoryMiB">Memory limit in MiB (default 256).</param>
/// <param name="Cpus">CPU limit in cores (default 0.5).</param>
/// <param name="Pids">Process limit (default 256).</param>
/// <param name="Sysctls">Namespaced sysctls set through the engine.</param>
/// <param name="Environment">Environment variables.</param>
/// <param name="Files">Files copied from the lab folder into the node before setup.</param>
/// <param name="Hostname">Hostname (default: the node name).</param>
/// <param name="Setup">Setup scripts (paths relative to the lab folder) run in order when the lab starts, after every
/// node of the lab is up; the setup scripts of different nodes run at the same time unless <see cref="SetupAfter"/> orders them.</param>
public sealed record LabNode(
    NodeName Name,
    string Image,
    IReadOnlyList<Capability> Capabilities,
    int MemoryMiB,
    double Cpus,
    int Pids,
    IReadOnlyDictionary<string, string> Sysctls,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<LabFile> Files,
    string Hostname,
    IReadOnlyList<string> Setup)
{
    /// <summary>Most each of the node's writable folders holds, in MiB (default 128); see <see cref="WritableFolders"/>.</summary>
    public int DiskMiB { get; init; } = DefaultDiskMiB;

    /// <summary>
    /// Nodes whose setup scripts must all have finished before this node's first one starts (e.g. daemons that
    /// register with a server another node's setup starts). Empty by default: the node's setup starts as soon as
    /// every node of the lab is up, alongside the other nodes' setup.
    /// </summary>
    public IReadOnlyList<NodeName> SetupAfter { get; init; } = [];

    /// <summary>Default capabilities when a node names none.</summary>
    public static readonly IReadOnlyList<Capability> DefaultCapabilities = [Capability.NET_ADMIN, Capability.NET_RAW];

    /// <summary>
    /// Capabilities every node gets on top of its lab's list: tcpdump, even as root, switches user and
    /// group before it captures and fails without these, and captures are what the platform is about. In
    /// a user-namespaced node they only move between the node's own ids.
    /// </summary>
    public static readonly IReadOnlyList<Capability> PlatformCapabilities = [Capability.SETUID, Capability.SETGID];

    /// <summary>The node's capabilities as granted: its lab's list plus <see cref="PlatformCapabilities"/>.</summary>
    public IReadOnlyList<Capability> GrantedCapabilities => Capabilities.Union(PlatformCapabilities).ToList();

    /// <summary>Default memory limit in MiB.</summary>
    public const int DefaultMemoryMiB = 256;

    /// <summary>Default CPU limit in cores.</summary>
    public const double DefaultCpus = 0.5;

    /// <summary>Default process limit.</summary>
    public const int DefaultPids = 256;

    /// <summary>Default size of each writable folder in MiB: half the default memory, so that a full folder
    /// says "No space left on device" before the node runs out of memory.</summary>
    public const int DefaultDiskMiB = 128;

    /// <summary>
    /// The only folders a node can write to. The rest of its file system is read-only, and each of these is a
    /// size-limited tmpfs that starts with the image's content: a node's writes live in its own memory (counted
    /// against its memory limit) and never on the host's disk, which an unbounded writable layer would let one
    /// learner fill. Lab files must be placed under one of them.
    /// </summary>
    public static readonly IReadOnlyList<string> WritableFolders =
        ["/etc", "/home", "/media", "/mnt", "/opt", "/root", "/run", "/srv", "/tmp", "/usr/local", "/var"];

    /// <summary>Whether an absolute path in a node lies in one of the <see cref="WritableFolders"/>.</summary>
    public static bool IsWritable(string path) =>
        WritableFolders.Any(folder => path.StartsWith(folder + "/", StringComparison.Ordinal));
}

/// <summary>A file from the lab folder placed in a node.</summary>
/// <param name="Source">Path relative to the lab folder.</param>
/// <param name="Target">Absolute path inside the node.</param>
/// <param name="Mode">Unix permission bits, e.g. 0755 for scripts.</param>
public sealed record LabFile(string Source, string Target, int Mode);
