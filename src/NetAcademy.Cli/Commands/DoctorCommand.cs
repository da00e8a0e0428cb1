using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Runtime.Docker;

namespace NetAcademy.Cli.Commands;

/// <summary>
/// <c>netacademy doctor</c>: is this host ready to run labs? The runtime's backend (endpoint, engine version, the
/// negotiated API version), lab images and their recipe labels, the host firewall rule for lab bridges,
/// userns-remap, the kernel key quota of the remapped root (local engine), and the kernel probe's table. Exit code 0 when everything is in place, 1 when something needs an
/// operator, 2 when the engine cannot be used at all.
/// </summary>
public static class DoctorCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var root = new Option<string>("--root") { Description = "Repository root (image recipes are under deploy/images).", DefaultValueFactory = _ => "." };
        var endpoint = new Option<string?>("--docker") { Description = "Docker endpoint, e.g. unix:///var/run/docker.sock or tcp://host:2376 (default: Docker__Endpoint, DOCKER_HOST or the local socket)." };
        var instance = new Option<string>("--instance") { Description = "Instance label of the probe container.", DefaultValueFactory = _ => "doctor" };
        var data = new Option<string?>("--data") { Description = "The server's data directory, for its first-admin setup link (default: <root>/data)." };
        var command = new Command("doctor", "Check that this host can run labs: engine, images, firewall, userns-remap, kernel features.") { root, endpoint, instance, data };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rootPath = Path.GetFullPath(parse.GetValue(root) ?? ".");
            await AdminSetupLinkReport.WriteAsync(Path.GetFullPath(parse.GetValue(data) ?? Path.Combine(rootPath, "data")), Console.Out, cancellationToken);
            return await RunAsync(rootPath, parse.GetValue(endpoint), parse.GetValue(instance) ?? "doctor", Console.Out, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string root, string? endpoint, string instance, TextWriter output, CancellationToken ct)
    {
        await using var services = CliServices.Build(instance, endpoint);
        var problems = 0;

        await output.WriteLineAsync("Engine");
        var status = await services.GetRequiredService<IRuntimeStatusSource>().GetStatusAsync(ct);
        if (!status.Available)
        {
            await output.WriteLineAsync($"  FAIL  {status.Backend} at {status.Endpoint}: {status.Problem}");
            return 2;
        }
        await output.WriteLineAsync($"  ok    {status.Backend} {status.EngineVersion} at {status.Endpoint}, Engine API {status.ApiVersion} (the engine serves {status.EngineApiRange}), kernel {status.KernelVersion}");

        await output.WriteLineAsync("Images");
        var images = services.GetRequiredService<ILabImages>();
        var recipes = Directory.Exists(Path.Combine(root, "deploy", "images"))
            ? Directory.GetDirectories(Path.Combine(root, "deploy", "images")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : ["base"];
        foreach (var recipe in recipes)
        {
            var found = await images.FindAsync(recipe, ct);
            if (found is { CanFillWritableFolders: false } old)
            {
                problems++;
                await output.WriteLineAsync($"  FAIL  {old.Reference} was built before nodes got read-only roots: run deploy/build-images.sh {recipe}");
            }
            else if (found is { } image)
            {
                await output.WriteLineAsync($"  ok    {image.Reference}: recipe {image.RecipeHash ?? "none"}, built {image.Created:yyyy-MM-dd HH:mm}Z, {image.SizeBytes / (1024 * 1024)} MiB");
            }
            else
            {
                problems++;
                await output.WriteLineAsync($"  FAIL  the image of recipe {recipe} is not built: run deploy/build-images.sh {recipe}");
            }
        }

        await output.WriteLineAsync("Host isolation");
        var missing = await services.GetRequiredService<HostFirewall>().MissingAsync(ct);
        if (missing.Count == 0)
        {
            await output.WriteLineAsync($"  ok    the host firewall keeps lab bridges ({LabLabels.BridgePrefix}+) away from the host and from each other");
        }
        else
        {
            problems++;
            await output.WriteLineAsync($"  FAIL  host firewall rules missing (or iptables cannot be run): {string.Join("; ", missing)}. Run deploy/ensure-docker.sh as root.");
        }
        // An engine without remap is refused above unless it is rootless or the operator opted out; either is said here.
        await output.WriteLineAsync(status.UsernsRemap
            ? "  ok    userns-remap is on: root in a node is an unprivileged user on the host"
            : $"  ok    no userns-remap, allowed: a rootless engine or Docker:AllowWithoutUsernsRemap ({string.Join(", ", status.SecurityOptions)})");

        // The quota is the engine's host's; an engine on another machine has its own, which this one cannot read.
        if (status.UsernsRemap && status.Endpoint.StartsWith("unix://", StringComparison.OrdinalIgnoreCase) && KernelKeyQuota.Read() is { } keys)
        {
            if (keys.IsEnough)
            {
                await output.WriteLineAsync($"  ok    kernel key quota of non-root users: {keys.MaxKeys} keys / {keys.MaxBytes} bytes (every node and every program in one takes a key of the remapped root)");
            }
            else
            {
                // A warning, not a failure: a host below the quota runs labs, only not a class of more than about 70.
                await output.WriteLineAsync($"  warn  kernel key quota of non-root users is {keys.MaxKeys} keys / {keys.MaxBytes} bytes: every node and every program in one takes a key of the remapped root, and past the quota the engine refuses them (at 200 keys, about 70 learners). Run deploy/ensure-docker.sh as root (it sets {KernelKeyQuota.RecommendedKeys} / {KernelKeyQuota.RecommendedBytes}).");
            }
        }

        var labs = services.GetRequiredService<IOptions<LabsOptions>>().Value;
        if (await CheckNodeDiskAsync(services.GetRequiredService<ILabRuntime>(), ct) is { } diskProblem)
        {
            problems++;
            await output.WriteLineAsync($"  FAIL  node disk: {diskProblem}");
        }
        else
        {
            await output.WriteLineAsync($"  ok    node disk: a throwaway node's root is read-only and its writable folders stop at their limit (disk_mib, default {LabNode.DefaultDiskMiB} MiB, at most {labs.MaxNodeDiskMiB} MiB here: Labs:MaxNodeDiskMiB)");
        }
        await output.WriteLineAsync("  info  node console: the runtime keeps no engine log for nodes (log driver none)");

        await output.WriteLineAsync("Kernel features (probed in a throwaway confined container)");
        var report = await services.GetRequiredService<IKernelProbe>().ProbeAsync(ct);
        foreach (var feature in report.Features)
        {
            await output.WriteLineAsync($"  {(feature.Available ? "yes" : "no "),-5} {KernelFeatureNames.Name(feature.Feature),-11} {feature.Reason}");
        }
        if (!report.Complete)
        {
            problems++;
        }
        await output.WriteLineAsync(problems == 0 ? "doctor: ready" : $"doctor: {problems} problem(s)");
        return problems == 0 ? 0 : 1;
    }

    // Starts a one-node lab the way a learner's starts and writes past its limits; the node is gone afterwards.
    private static async Task<string?> CheckNodeDiskAsync(ILabRuntime runtime, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("netacademy-doctor-").FullName;
        // 32 MiB: the folders are filled from the image first, and the base image's /var alone holds 9 MiB (dpkg's
        // database, more with Open vSwitch); 8 MiB failed every start with "Could not fill the writable folders".
        var node = new LabNode(new NodeName("doctor"), "base", LabNode.DefaultCapabilities, 64, 0.25, 64,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], "doctor", []) { DiskMiB = 32 };
        var lab = new Lab(new LabId("doctor-disk"), "doctor", "disk check", [node], [], [], [], LabLimits.Default, folder);
        var session = SessionId.New();
        try
        {
            await runtime.StartAsync(new SessionSpec(session, "doctor", lab), new Progress<StartProgress>(), ct);
            var shell = runtime.GetShell(session, [node.Name]);
            var result = await shell.RunAsync(node.Name,
                ["sh", "-c", "touch /usr/.doctor 2>&1; dd if=/dev/zero of=/tmp/.doctor bs=1M count=48 2>&1"], null, TimeSpan.FromSeconds(30), ct);
            return result.Stdout.Contains("Read-only file system", StringComparison.Ordinal)
                && result.Stdout.Contains("No space left on device", StringComparison.Ordinal)
                ? null
                : $"a node could write where it should not: {result.Stdout.Trim()}";
        }
        catch (LabRuntimeException ex)
        {
            return $"a throwaway node did not start: {ex.Message}";
        }
        catch (LabStartException ex)
        {
            return $"a throwaway node did not start: {ex.Message}";
        }
        finally
        {
            await runtime.StopAsync(session, CancellationToken.None);
            Directory.Delete(folder, recursive: true);
        }
    }
}
