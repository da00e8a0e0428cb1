using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetworkAttachment = NetAcademy.Core.Labs.NetworkAttachment;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// <see cref="ILabRuntime"/> on one Docker engine: one internal network per lab network and session,
/// one container per node. Containers get exactly the lab's capabilities, no-new-privileges, memory, CPU
/// and pids limits, no host paths and no Docker socket. Names and labels are deterministic, so the
/// runtime keeps no state of its own. Every engine failure leaves as a <see cref="LabRuntimeException"/>.
/// </summary>
public sealed partial class DockerLabRuntime : ILabRuntime, INodeEventSource
{
    private readonly DockerEngine _engine;
    private readonly HostFirewall? _firewall;
    private readonly DockerExec _exec;
    private readonly LabsOptions _options;
    private readonly ILogger<DockerLabRuntime> _logger;

    /// <summary>Creates the runtime.</summary>
    public DockerLabRuntime(DockerEngine engine, IOptions<LabsOptions> options, ILogger<DockerLabRuntime> logger, HostFirewall? firewall = null)
    {
        _engine = engine;
        _firewall = firewall;
        _exec = new DockerExec(engine);
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task StartAsync(SessionSpec spec, IProgress<StartProgress> progress, CancellationToken cancellationToken)
    {
        try
        {
            await StartCoreAsync(spec, progress, cancellationToken);
        }
        catch (Exception ex)
        {
            LogStartFailed(_logger, spec.Session.Value, spec.Lab.Id.Value, ex.Message);
            // Remove what was made, whatever the failure, with a fresh token: the caller's may be cancelled.
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await StopAsync(spec.Session, cleanup.Token);
            }
            catch (Exception stopFailure) when (stopFailure is LabRuntimeException or OperationCanceledException)
            {
                // The engine is gone or slow: the reaper and the next start-up's adoption remove what is left, by label.
                LogCleanupFailed(_logger, spec.Session.Value, stopFailure.Message);
            }
            if (ex is LabStartException or OperationCanceledException)
            {
                throw;
            }
            throw new LabStartException("start", $"The lab could not start: {ex.Message}", null, ex);
        }
    }

    /// <summary>
    /// How many steps a start of <paramref name="lab"/> reports: images, networks, one per node (container,
    /// interfaces and names), one per setup script. The workspace sizes its progress bar with it.
    /// </summary>
    public int CountStartSteps(Lab lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return 2 + lab.Nodes.Count + lab.Nodes.Sum(n => n.Setup.Count);
    }

    private async Task StartCoreAsync(SessionSpec spec, IProgress<StartProgress> progress, CancellationToken ct)
    {
        var lab = spec.Lab;
        var docker = await _engine.GetClientAsync(ct);

        // A step that fails stops the steps running beside it (at their next request, for node creation), so the
        // clean-up starts as soon as everything under way has stopped, not after the slowest node or script finished.
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(ct);

        // The checks only read, and nothing runs on the networks before the nodes: the two go side by side. Networks made
        // before a check refuses the start are removed with the rest.
        var images = RunStepAsync(progress, "images", "Checking images", async () =>
        {
            if (await _engine.CheckSandboxAsync(failure.Token) is { } refused)
            {
                throw new LabStartException("images", refused);
            }
            if (_firewall is not null && await _firewall.EnsureAsync(failure.Token) is { } exposed)
            {
                throw new LabStartException("images", exposed);
            }
            if (lab.Nodes.FirstOrDefault(n => n.DiskMiB > _options.MaxNodeDiskMiB) is { } large)
            {
                throw new LabStartException("images",
                    $"Node {large.Name} asks for {large.DiskMiB} MiB per writable folder; this server allows at most {_options.MaxNodeDiskMiB} MiB (Labs:MaxNodeDiskMiB).");
            }
            foreach (var image in lab.Nodes.Select(n => n.Image).Distinct(StringComparer.Ordinal))
            {
                try
                {
                    var inspect = await docker.Images.InspectImageAsync(ImageRef(image), failure.Token);
                    if (!CanFillWritableFolders(inspect.Config?.Labels))
                    {
                        throw new LabStartException("images",
                            $"The image '{ImageRef(image)}' was built before nodes got read-only roots. Run deploy/build-images.sh {image}.");
                    }
                }
                catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    throw new LabStartException("images",
                        $"The image '{ImageRef(image)}' is not built on this host. Run deploy/build-images.sh {image}.");
                }
            }
        }, ct, failure);

        // The networks do not depend on each other, nor the nodes on each other once the networks exist: each
        // group is created at once, which is most of a start's wall time on an engine that serves requests in parallel.
        // Requests that create engine objects are not cancelled by the caller: the engine finishes a create whose request
        // was abandoned, after the clean-up has looked for what to remove, and the object would outlive the session. The
        // caller's token is honoured between the steps instead; every request is still bounded by Docker:RequestTimeout.
        var networks = RunStepAsync(progress, "networks", $"Creating {lab.Networks.Count} network(s)",
            () => Task.WhenAll(lab.Networks.Select((network, i) => CreateNetworkAsync(docker, spec, network, i, CancellationToken.None))), ct, failure);
        await WhenAllSteps([images, networks]);
        ct.ThrowIfCancellationRequested();

        var hosts = ExtraHosts(lab);
        await WhenAllSteps(lab.Nodes.Select(node =>
            RunStepAsync(progress, $"node:{node.Name}", $"Starting node {node.Name}", () => CreateNodeAsync(docker, spec, node, hosts, failure.Token), ct, failure)));
        ct.ThrowIfCancellationRequested();

        // Once every node is up, each node's setup scripts run in their order, and the nodes' setup side by side, but
        // after the setup of the nodes it names in setup_after (a daemon that registers with another node's server).
        var byName = lab.Nodes.ToDictionary(n => n.Name);
        var setups = new Dictionary<NodeName, Task>();
        Task SetUp(LabNode node)
        {
            // Called only before the first await of any setup (the dependencies are gathered synchronously), so the
            // dictionary is not shared between threads. The lab loader rejects cycles in setup_after.
            if (!setups.TryGetValue(node.Name, out var setup))
            {
                setup = RunSetupScriptsAsync(node, node.SetupAfter.Select(n => SetUp(byName[n])).ToList());
                setups[node.Name] = setup;
            }
            return setup;
        }
        async Task RunSetupScriptsAsync(LabNode node, List<Task> before)
        {
            try
            {
                await Task.WhenAll(before);
            }
            catch (Exception) when (failure.IsCancellationRequested)
            {
                // A node this one waits for failed, and its failure is the one the start reports.
                throw new OperationCanceledException(failure.Token);
            }
            foreach (var script in node.Setup)
            {
                await RunStepAsync(progress, $"setup:{node.Name}:{script}", $"Running {script} on {node.Name}",
                    () => RunSetupScriptAsync(spec, node, script, failure.Token), ct, failure);
            }
        }
        await WhenAllSteps(lab.Nodes.Select(SetUp));
    }

    /// <summary>
    /// Creates a lab network for one session. Two sessions of one lab use the same lab subnet, which the
    /// engine's address management does not allow twice, so the engine gets a private block from
    /// <see cref="LabsOptions.NetworkPool"/> and the nodes get the lab's addresses inside (see
    /// <see cref="SetUpNodeAsync"/>). The network is plain layer 2 between the session's nodes.
    /// </summary>
    private async Task CreateNetworkAsync(DockerClient docker, SessionSpec spec, LabNetwork network, int index, CancellationToken ct)
    {
        var sid = spec.Session.Value;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
                {
                    Name = LabLabels.NetworkName(sid, network.Name.Value),
                    Driver = "bridge",
                    Internal = true,
                    Labels = Labels(spec, (LabLabels.Network, network.Name.Value)),
                    IPAM = new IPAM { Driver = "default", Config = [new IPAMConfig { Subnet = NetworkPool.RandomBlock(_options.NetworkPool) }] },
                    Options = new Dictionary<string, string>
                    {
                        ["com.docker.network.bridge.name"] = LabLabels.BridgeName(sid, index),
                        // No host address on the bridge: the lab network reaches nothing but its own nodes.
                        ["com.docker.network.bridge.inhibit_ipv4"] = "true",
                        ["com.docker.network.bridge.enable_ip_masquerade"] = "false",
                    },
                }, ct);
                return;
            }
            catch (DockerApiException ex) when (attempt < 8 && DockerErrors.Message(ex).Contains("overlaps", StringComparison.OrdinalIgnoreCase))
            {
                // Another session holds that block; draw again.
            }
        }
    }

    /// <summary>
    /// Creates, connects, starts and sets up one node. The engine's requests that create objects are not cancelled (see
    /// StartCoreAsync); <paramref name="abort"/> stops the node between them and cancels its reads and its set-up exec.
    /// </summary>
    private async Task CreateNodeAsync(DockerClient docker, SessionSpec spec, LabNode node, IList<string> hosts, CancellationToken abort)
    {
        var sid = spec.Session.Value;
        var lab = spec.Lab;
        var name = LabLabels.ContainerName(sid, node.Name.Value);
        var attachments = lab.Networks
            .SelectMany(n => n.Attachments.Where(a => a.Node == node.Name).Select(a => (Network: n, Attachment: a)))
            .ToList();

        var first = attachments.FirstOrDefault();
        var hostConfig = new HostConfig
        {
            CapDrop = ["ALL"],
            CapAdd = node.GrantedCapabilities.Select(c => c.ToString()).ToList(),
            SecurityOpt = ["no-new-privileges"],
            Memory = node.MemoryMiB * 1024L * 1024L,
            MemorySwap = node.MemoryMiB * 1024L * 1024L,
            NanoCPUs = (long)(node.Cpus * 1_000_000_000),
            PidsLimit = node.Pids,
            Sysctls = new Dictionary<string, string>(node.Sysctls),
            NetworkMode = first.Network is null ? "none" : LabLabels.NetworkName(sid, first.Network.Name.Value),
            Init = true,
            Devices = lab.Requires.Contains(KernelFeature.Tun)
                // The TUN clone device is namespace-aware: a node's tun devices live in its own netns.
                ? [new DeviceMapping { PathOnHost = "/dev/net/tun", PathInContainer = "/dev/net/tun", CgroupPermissions = "rwm" }]
                : [],
            // Nothing reads a node's engine log, and whatever a node writes to its console (/proc/1/fd/1) would
            // otherwise grow a file on the host's disk without end.
            LogConfig = new LogConfig { Type = "none" },
            // Names the engine's resolver does not know itself go to these servers, asked from inside the node's own
            // network namespace, where nothing answers: no lookup leaves the host. Engines before 26 otherwise forward
            // them out through the host even on an internal network (CVE-2024-29018). Lab names come from /etc/hosts.
            DNS = ["127.0.0.1"],
            // So that a lookup of an outside name fails in a second or two instead of glibc's 5 s times retries.
            DNSOptions = ["timeout:1", "attempts:1"],
            // The engine writes these into the node's /etc/hosts, which is read-only with the root file system.
            ExtraHosts = hosts,
            // An overlay writable layer has no size limit without special file systems (xfs project quotas), and
            // one node could fill the host's disk. Instead the root is read-only and the folders nodes write are
            // size-limited tmpfs, filled from the image's own copy when the node starts (SetUpNodeAsync). tmpfs pages
            // are charged to the node's memory cgroup, so all of them together also stop at its memory limit.
            ReadonlyRootfs = true,
            Tmpfs = WritableTmpfs(node),
            // /dev/shm is one more tmpfs a node writes; the engine's default is 64 MiB whatever the lab says.
            ShmSize = node.DiskMiB * 1024L * 1024L,
        };

        var create = new CreateContainerParameters
        {
            Name = name,
            Image = ImageRef(node.Image),
            Hostname = node.Hostname,
            Env = node.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Labels = Labels(spec, (LabLabels.Node, node.Name.Value)),
            WorkingDir = "/root",
            HostConfig = hostConfig,
            NetworkingConfig = first.Network is null ? null : new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings>
                {
                    [LabLabels.NetworkName(sid, first.Network.Name.Value)] = Endpoint(first.Attachment, node),
                },
            },
        };
        abort.ThrowIfCancellationRequested();
        await docker.Containers.CreateContainerAsync(create, CancellationToken.None);

        foreach (var (network, attachment) in attachments.Skip(1))
        {
            abort.ThrowIfCancellationRequested();
            await docker.Networks.ConnectNetworkAsync(LabLabels.NetworkName(sid, network.Name.Value), new NetworkConnectParameters
            {
                Container = name,
                EndpointConfig = Endpoint(attachment, node),
            }, CancellationToken.None);
        }

        abort.ThrowIfCancellationRequested();
        await docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), CancellationToken.None);
        await SetUpNodeAsync(docker, spec, node, attachments, abort);
    }

    /// <summary>Where each image keeps the content of its writable folders (deploy/build-images.sh writes it).</summary>
    public const string WritableSnapshot = "/usr/lib/netacademy/writable.tar";

    /// <summary>Whether an image's labels say it carries <see cref="WritableSnapshot"/>.</summary>
    public static bool CanFillWritableFolders(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue("netacademy.writable", out var path) && path == WritableSnapshot;

    private static Dictionary<string, string> WritableTmpfs(LabNode node) =>
        LabNode.WritableFolders.ToDictionary(
            folder => folder,
            // exec: learners run scripts they write in /root and /tmp, and lab files go to /usr/local/bin.
            folder => $"rw,exec,nosuid,nodev,size={node.DiskMiB}m,mode={(folder == "/tmp" ? "1777" : "755")}",
            StringComparer.Ordinal);

    // Fills the tmpfs folders with the image's content (the engine's own /etc/hosts, /etc/hostname and
    // /etc/resolv.conf are mounted over them and stay). Everything becomes root's: a node has no CAP_CHOWN, and
    // for a root without CAP_DAC_OVERRIDE that is the owner that can use them all. Then it unpacks the lab's files from
    // standard input when $1 says there are any. Exit 3: no snapshot in the image; 4: the folders could not be filled.
    private const string FillScript =
        "[ -f " + WritableSnapshot + " ] || { echo \"the image has no " + WritableSnapshot + "; rebuild it with deploy/build-images.sh\" >&2; exit 3; }; " +
        "tar --no-same-owner -xpf " + WritableSnapshot + " -C / --exclude=./etc/hosts --exclude=./etc/hostname --exclude=./etc/resolv.conf || exit 4; " +
        "if [ \"$1\" = files ]; then tar --no-same-owner -xpf - -C / --no-overwrite-dir || exit 4; fi; shift; ";

    private static EndpointSettings Endpoint(NetworkAttachment attachment, LabNode node) => new()
    {
        Aliases = [node.Name.Value],
    };

    // Docker names interfaces eth0, eth1... in connection order and addresses them from its own block; the lab
    // names and addresses them. Interfaces are matched by MAC, given as "MAC NAME CIDR" triples after $0. The first
    // pass gives every interface a temporary name, so that swapping eth0 and eth1 cannot collide; the second gives
    // the lab's names and addresses. It runs after FillScript in the node's one set-up exec: each exec is a runc process
    // tree, the largest part of a lab's start after the containers themselves.
    private const string NetworkingScript =
        "set -e; " +
        "rename() { have=$(ip -o link | awk -v m=\"$1\" 'index($0, \"link/ether \" m) { sub(/:$/, \"\", $2); sub(/@.*/, \"\", $2); print $2; exit }'); " +
        "[ -n \"$have\" ] || { echo \"no interface with MAC $1\" >&2; exit 1; }; " +
        "if [ \"$have\" != \"$2\" ]; then ip link set dev \"$have\" down; ip link set dev \"$have\" name \"$2\"; fi; }; " +
        "pass() { phase=$1; shift; i=0; while [ $# -ge 3 ]; do " +
        "if [ \"$phase\" = 0 ]; then rename \"$1\" \"natmp$i\"; else rename \"$1\" \"$2\"; " +
        "if [ -n \"$3\" ]; then ip -4 addr flush dev \"$2\"; ip addr add \"$3\" dev \"$2\"; fi; ip link set dev \"$2\" up; fi; " +
        "i=$((i+1)); shift 3; done; }; " +
        "pass 0 \"$@\"; pass 1 \"$@\"";

    private async Task SetUpNodeAsync(
        DockerClient docker, SessionSpec spec, LabNode node, IReadOnlyList<(LabNetwork Network, NetworkAttachment Attachment)> attachments, CancellationToken ct)
    {
        var name = LabLabels.ContainerName(spec.Session.Value, node.Name.Value);
        byte[]? files = null;
        if (node.Files.Count > 0)
        {
            await using var tar = await BuildFilesArchiveAsync(spec.Lab, node, ct);
            files = tar.ToArray();
        }
        var argv = new List<string> { "sh", "-c", FillScript + NetworkingScript, "set-up", files is null ? "none" : "files" };
        if (attachments.Count > 0)
        {
            var inspect = await docker.Containers.InspectContainerAsync(name, ct);
            foreach (var (network, attachment) in attachments)
            {
                var netName = LabLabels.NetworkName(spec.Session.Value, network.Name.Value);
                if (inspect.NetworkSettings?.Networks is null || !inspect.NetworkSettings.Networks.TryGetValue(netName, out var endpoint)
                    || string.IsNullOrEmpty(endpoint.MacAddress))
                {
                    throw new LabStartException($"node:{node.Name}", $"Node {node.Name} is not attached to network {network.Name}.");
                }
                argv.AddRange([endpoint.MacAddress, attachment.Interface, LabAddressing.AddressOf(network, attachment)]);
            }
        }
        var result = await _exec.RunAsync(name, node.Name.Value, argv, files, _options.NodeSetUpTimeout, DockerExec.DefaultMaxOutputBytes, ct);
        if (result.TimedOut)
        {
            throw new LabStartException($"node:{node.Name}",
                $"Setting up node {node.Name} (its folders, interface names and addresses) did not finish within {_options.NodeSetUpTimeout.TotalSeconds:0} s (Labs:NodeSetUpTimeout).",
                result.Stdout + result.Stderr);
        }
        if (result.ExitCode != 0)
        {
            throw new LabStartException($"node:{node.Name}", result.ExitCode switch
            {
                3 => $"The image '{node.Image}' of node {node.Name} was built before nodes got read-only roots. Run deploy/build-images.sh {node.Image}.",
                4 => $"Could not fill the writable folders of node {node.Name} (writable folders hold {node.DiskMiB} MiB each).",
                _ => $"Could not set up the interfaces and names of node {node.Name} (the node needs NET_ADMIN).",
            }, result.Stdout + result.Stderr);
        }
    }

    /// <summary>
    /// The engine's DNS answers node names with its own hidden addresses; /etc/hosts comes first, so every
    /// node name (and node.network) resolves to the lab's address instead. A node on several networks is found
    /// by its bare name at the first one's address (the first line wins).
    /// </summary>
    private static List<string> ExtraHosts(Lab lab)
    {
        var hosts = new List<string>();
        foreach (var network in lab.Networks)
        {
            foreach (var attachment in network.Attachments)
            {
                var address = LabAddressing.AddressOf(network, attachment).Split('/')[0];
                hosts.Add($"{attachment.Node}.{network.Name}:{address}");
                hosts.Add($"{attachment.Node}:{address}");
            }
        }
        return hosts;
    }

    private async Task RunSetupScriptAsync(SessionSpec spec, LabNode node, string script, CancellationToken ct)
    {
        var path = Path.Combine(spec.Lab.Directory, script);
        var text = await File.ReadAllBytesAsync(path, ct);
        var name = LabLabels.ContainerName(spec.Session.Value, node.Name.Value);
        var result = await _exec.RunAsync(name, node.Name.Value, ["sh", "-e", "-s"], text, _options.SetupTimeout, DockerExec.DefaultMaxOutputBytes, ct);
        if (result.Truncated)
        {
            throw new LabStartException($"setup:{node.Name}:{script}",
                $"Setup script {script} on {node.Name} printed more than {ExecResult.MaxOutputText}; the platform stopped reading it and the start fails.",
                Tail(result.Stdout + result.Stderr));
        }
        if (result.TimedOut)
        {
            throw new LabStartException($"setup:{node.Name}:{script}",
                $"Setup script {script} on {node.Name} did not finish within {_options.SetupTimeout.TotalSeconds:0} s.",
                Tail(result.Stdout + result.Stderr));
        }
        if (result.ExitCode != 0)
        {
            throw new LabStartException($"setup:{node.Name}:{script}",
                $"Setup script {script} on {node.Name} failed with exit code {result.ExitCode}.",
                Tail(result.Stdout + result.Stderr));
        }
    }

    private static string Tail(string text) => text.Length <= 8000 ? text : "…" + text[^8000..];

    private static async Task<MemoryStream> BuildFilesArchiveAsync(Lab lab, LabNode node, CancellationToken ct)
    {
        var stream = new MemoryStream();
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            var dirs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in node.Files)
            {
                var target = file.Target.TrimStart('/');
                // Parent directories first, so that tar does not create them root-only; not the writable folders
                // themselves or what lies above them (/usr is read-only, and tar would fail changing its mode).
                var parent = Path.GetDirectoryName(target)?.Replace('\\', '/');
                var parts = string.IsNullOrEmpty(parent) ? [] : parent.Split('/');
                for (var i = 1; i <= parts.Length; i++)
                {
                    var dir = string.Join('/', parts.Take(i)) + "/";
                    var inside = LabNode.IsWritable("/" + dir.TrimEnd('/'));
                    if (inside && dirs.Add(dir))
                    {
                        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, dir) { Mode = (UnixFileMode)0b111_101_101 }, ct);
                    }
                }
                var data = await File.ReadAllBytesAsync(Path.Combine(lab.Directory, file.Source), ct);
                var entry = new PaxTarEntry(TarEntryType.RegularFile, target)
                {
                    Mode = (UnixFileMode)file.Mode,
                    DataStream = new MemoryStream(data),
                };
                await writer.WriteEntryAsync(entry, ct);
            }
        }
        stream.Position = 0;
        return stream;
    }

    /// <summary>
    /// Runs one start step and reports it. A step that runs beside others is given their <paramref name="group"/>: its
    /// failure cancels the group, and a step stopped that way is reported <see cref="StepStatus.Cancelled"/>, so the
    /// progress names the one step that failed.
    /// </summary>
    private async Task RunStepAsync(IProgress<StartProgress> progress, string step, string title, Func<Task> action, CancellationToken ct, CancellationTokenSource? group = null)
    {
        var clock = Stopwatch.StartNew();
        progress.Report(new StartProgress(step, title, StepStatus.Running, TimeSpan.Zero));
        try
        {
            await action();
        }
        catch (OperationCanceledException) when (group is { IsCancellationRequested: true } && !ct.IsCancellationRequested)
        {
            progress.Report(new StartProgress(step, title, StepStatus.Cancelled, clock.Elapsed));
            throw;
        }
        catch (LabStartException ex)
        {
            progress.Report(new StartProgress(step, title, StepStatus.Failed, clock.Elapsed, ex.Message + (ex.Output is null ? "" : "\n" + ex.Output)));
            group?.Cancel();
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || DockerErrors.IsEngineFailure(ex, ct))
        {
            var message = DockerErrors.IsEngineFailure(ex, ct) ? DockerErrors.Translate(ex, _engine.Endpoint).Message : ex.Message;
            progress.Report(new StartProgress(step, title, StepStatus.Failed, clock.Elapsed, message));
            group?.Cancel();
            throw new LabStartException(step, $"{title} failed: {message}", null, ex);
        }
        progress.Report(new StartProgress(step, title, StepStatus.Done, clock.Elapsed));
    }

    /// <summary>
    /// Waits for every step; when several fail, the first real failure in the lab's order is the one thrown, not a
    /// step that was only cancelled because of it.
    /// </summary>
    private static async Task WhenAllSteps(IEnumerable<Task> steps)
    {
        var all = steps.ToList();
        try
        {
            await Task.WhenAll(all);
        }
        catch
        {
            var failed = all.FirstOrDefault(t => t.IsFaulted && t.Exception?.InnerException is not OperationCanceledException)
                ?? all.First(t => t.IsFaulted || t.IsCanceled);
            await failed;
            throw;
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(SessionId session, CancellationToken cancellationToken)
    {
        try
        {
            await StopCoreAsync(session, cancellationToken);
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            throw DockerErrors.Translate(ex, _engine.Endpoint);
        }
    }

    private async Task StopCoreAsync(SessionId session, CancellationToken cancellationToken)
    {
        var docker = await _engine.GetClientAsync(cancellationToken);
        var filter = LabelFilter($"{LabLabels.Session}={session.Value}");
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellationToken);
        await Task.WhenAll(containers.Select(async c =>
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
            }
            catch (DockerApiException ex) when (DockerErrors.IsNotRunning(ex))
            {
                // Gone already, or its removal is in progress (a concurrent stop); the list below shows whether it finished.
            }
        }));
        var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellationToken);
        foreach (var network in networks)
        {
            try
            {
                await docker.Networks.DeleteNetworkAsync(network.ID, cancellationToken);
            }
            catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
        }
        var volumes = await docker.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, cancellationToken);
        foreach (var volume in volumes.Volumes ?? [])
        {
            try
            {
                await docker.Volumes.RemoveAsync(volume.Name, force: true, cancellationToken);
            }
            catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
        }
        LogStopped(_logger, session.Value, containers.Count, networks.Count);
    }

    /// <inheritdoc />
    public async Task ClaimAsync(SessionId session, string user, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        try
        {
            // A volume, because it is the engine's cheapest labelled object that no node can see: nothing mounts it.
            var docker = await _engine.GetClientAsync(cancellationToken);
            await docker.Volumes.CreateAsync(new VolumesCreateParameters
            {
                Name = LabLabels.ClaimVolumeName(session.Value),
                Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [LabLabels.Project] = "netacademy",
                    [LabLabels.Instance] = _options.Instance,
                    [LabLabels.Session] = session.Value,
                    [LabLabels.User] = user,
                    [LabLabels.Claim] = "1",
                },
            }, cancellationToken);
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            throw DockerErrors.Translate(ex, _engine.Endpoint);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RuntimeSessionInfo>> ListAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ListCoreAsync(cancellationToken);
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            throw DockerErrors.Translate(ex, _engine.Endpoint);
        }
    }

    private async Task<IReadOnlyList<RuntimeSessionInfo>> ListCoreAsync(CancellationToken cancellationToken)
    {
        var docker = await _engine.GetClientAsync(cancellationToken);
        var filter = InstanceFilter();
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellationToken);
        var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellationToken);
        var sessions = new Dictionary<string, (string User, string Lab, Dictionary<string, bool> Nodes, List<string> Oom)>(StringComparer.Ordinal);
        foreach (var c in containers)
        {
            if (c.Labels is null || !c.Labels.TryGetValue(LabLabels.Session, out var sid))
            {
                continue;
            }
            if (!sessions.TryGetValue(sid, out var entry))
            {
                entry = (Label(c.Labels, LabLabels.User), Label(c.Labels, LabLabels.Lab), new(StringComparer.Ordinal), []);
                sessions[sid] = entry;
            }
            var node = Label(c.Labels, LabLabels.Node) is { Length: > 0 } nodeLabel ? nodeLabel : c.ID;
            entry.Nodes[node] = string.Equals(c.State, "running", StringComparison.OrdinalIgnoreCase);
            if (!entry.Nodes[node])
            {
                ContainerInspectResponse inspect;
                try
                {
                    inspect = await docker.Containers.InspectContainerAsync(c.ID, cancellationToken);
                }
                catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    continue;
                }
                if (inspect.State?.OOMKilled == true)
                {
                    entry.Oom.Add(node);
                }
            }
        }
        foreach (var n in networks)
        {
            if (n.Labels is not null && n.Labels.TryGetValue(LabLabels.Session, out var sid) && !sessions.ContainsKey(sid))
            {
                sessions[sid] = (Label(n.Labels, LabLabels.User), Label(n.Labels, LabLabels.Lab), new(StringComparer.Ordinal), []);
            }
        }
        // A warm pool's session belongs to whoever claimed it; a claim whose session is gone is listed too, so it is removed.
        var volumes = await docker.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, cancellationToken);
        foreach (var v in volumes.Volumes ?? [])
        {
            if (v.Labels is null || !v.Labels.TryGetValue(LabLabels.Session, out var sid) || !v.Labels.ContainsKey(LabLabels.Claim))
            {
                continue;
            }
            sessions[sid] = sessions.TryGetValue(sid, out var entry)
                ? entry with { User = Label(v.Labels, LabLabels.User) }
                : (Label(v.Labels, LabLabels.User), "", new(StringComparer.Ordinal), []);
        }
        return sessions
            .Where(kv => SessionId.TryParse(kv.Key, out _))
            .Select(kv => new RuntimeSessionInfo(SessionId.Parse(kv.Key), kv.Value.User, kv.Value.Lab, _options.Instance, kv.Value.Nodes, kv.Value.Oom))
            .ToList();
    }

    /// <inheritdoc />
    public INodeShell GetShell(SessionId session, IReadOnlyCollection<NodeName> nodes) => new DockerNodeShell(_exec, session, nodes);

    /// <inheritdoc />
    public async Task<INodeTerminal> OpenTerminalAsync(SessionId session, NodeName node, TerminalSize size, CancellationToken cancellationToken)
    {
        if (!size.IsValid)
        {
            throw new ArgumentException($"Terminal size {size.Cols}x{size.Rows} is out of range.", nameof(size));
        }
        var docker = await _engine.GetClientAsync(cancellationToken);
        var container = LabLabels.ContainerName(session.Value, node.Value);
        var marker = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        DockerNodeTerminal terminal;
        try
        {
            var created = await docker.Exec.CreateContainerExecAsync(container, new ContainerExecCreateParameters
            {
                Cmd = ["/bin/bash", "-l"],
                Env = ["TERM=xterm-256color", "LANG=C.UTF-8", $"COLUMNS={size.Cols}", $"LINES={size.Rows}", $"{DockerNodeTerminal.MarkerVariable}={marker}"],
                WorkingDir = "/root",
                TTY = true,
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
            }, cancellationToken);
            var stream = await docker.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { TTY = true }, cancellationToken);
            terminal = new DockerNodeTerminal(docker, _exec, container, node.Value, created.ID, marker, _engine.Endpoint, stream);
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            throw DockerErrors.Translate(ex, _engine.Endpoint, node.Value);
        }
        // The engine may not have started the process when the start returns; a resize before that fails.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await terminal.ResizeAsync(size, cancellationToken);
                break;
            }
            catch (LabRuntimeException) when (attempt < 20)
            {
                await Task.Delay(25, cancellationToken);
            }
        }
        return terminal;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SessionNetworkInfo>> ReadSessionNetworksAsync(SessionId session, Lab lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var docker = await _engine.GetClientAsync(cancellationToken);
        var endpoints = new Dictionary<NodeName, IDictionary<string, EndpointSettings>>();
        foreach (var node in lab.Networks.SelectMany(n => n.Attachments).Select(a => a.Node).Distinct())
        {
            try
            {
                var inspect = await docker.Containers.InspectContainerAsync(LabLabels.ContainerName(session.Value, node.Value), cancellationToken);
                endpoints[node] = inspect.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>();
            }
            catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Gone: the lab file's static addresses stand in.
            }
            catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
            {
                throw DockerErrors.Translate(ex, _engine.Endpoint);
            }
        }
        return DockerSessionNetworks.Map(session, lab, endpoints.ToDictionary(
            kv => kv.Key, kv => (IReadOnlyDictionary<string, (string? Mac, string? Address)>)kv.Value.ToDictionary(
                e => e.Key, e => ((string?)e.Value.MacAddress, (string?)e.Value.IPAddress), StringComparer.Ordinal)));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<NodeEvent> WatchNodesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var docker = await _engine.GetClientAsync(cancellationToken);
        var filters = InstanceFilter();
        filters["type"] = new Dictionary<string, bool> { ["container"] = true };
        filters["event"] = new Dictionary<string, bool> { ["oom"] = true, ["die"] = true };
        // The library reports events through a callback; a bounded channel turns them into a stream, and a flood of
        // events (a node that keeps getting OOM-killed) is shed rather than queued without end.
        var events = Channel.CreateBounded<Message>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var monitor = Task.Run(async () =>
        {
            try
            {
                await docker.System.MonitorEventsAsync(new ContainerEventsParameters { Filters = filters },
                    new Progress(m => events.Writer.TryWrite(m)), cancellationToken);
                events.Writer.TryComplete();
            }
            catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
            {
                events.Writer.TryComplete(DockerErrors.Translate(ex, _engine.Endpoint));
            }
            catch (Exception ex)
            {
                events.Writer.TryComplete(ex);
            }
        }, CancellationToken.None);
        await foreach (var e in events.Reader.ReadAllAsync(cancellationToken))
        {
            // The engine copies the container's labels into the event's attributes.
            if (SessionId.TryParse(Label(e.Actor?.Attributes, LabLabels.Session), out var session)
                && NodeName.TryParse(Label(e.Actor?.Attributes, LabLabels.Node), out var node))
            {
                var at = e.TimeNano is { } nanos ? DateTimeOffset.UnixEpoch.AddTicks(nanos / 100) : DateTimeOffset.UtcNow;
                yield return new NodeEvent(session, node, e.Action == "oom" ? NodeEventKind.OutOfMemory : NodeEventKind.Died, at);
            }
        }
        await monitor;
    }

    /// <summary>The label filter of this instance's objects.</summary>
    private Dictionary<string, IDictionary<string, bool>> InstanceFilter() => new(StringComparer.Ordinal)
    {
        ["label"] = new Dictionary<string, bool> { [$"{LabLabels.Project}=netacademy"] = true, [$"{LabLabels.Instance}={_options.Instance}"] = true },
    };

    private static Dictionary<string, IDictionary<string, bool>> LabelFilter(string label) => new(StringComparer.Ordinal)
    {
        ["label"] = new Dictionary<string, bool> { [label] = true },
    };

    /// <summary>Synchronous <see cref="IProgress{T}"/>: <see cref="Progress{T}"/> would post to the thread pool and reorder events.</summary>
    private sealed class Progress(Action<Message> report) : IProgress<Message>
    {
        public void Report(Message value) => report(value);
    }

    private static string Label(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : "";

    private string ImageRef(string image) => string.Format(CultureInfo.InvariantCulture, _options.ImageFormat, image);

    private Dictionary<string, string> Labels(SessionSpec spec, (string Key, string Value) extra) => new(StringComparer.Ordinal)
    {
        [LabLabels.Project] = "netacademy",
        [LabLabels.Session] = spec.Session.Value,
        [LabLabels.User] = spec.User,
        [LabLabels.Lab] = spec.Lab.Id.Value,
        [LabLabels.Instance] = _options.Instance,
        [extra.Key] = extra.Value,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start of session {SessionId} (lab {LabId}) failed: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string sessionId, string labId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove what the failed start of session {SessionId} made: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped session {SessionId}: removed {Containers} container(s) and {Networks} network(s)")]
    private static partial void LogStopped(ILogger logger, string sessionId, int containers, int networks);
}
