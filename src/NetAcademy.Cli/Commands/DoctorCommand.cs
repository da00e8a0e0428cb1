using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Docker;
using NetAcademy.Labs;
using NetAcademy.Labs.Kernel;

namespace NetAcademy.Cli.Commands;

/// <summary>
/// <c>netacademy doctor</c>: is this host ready to run labs? Engine version and state, lab images and their
/// recipe labels, the host firewall rule for lab bridges, userns-remap, and the kernel probe's table.
/// Exit code 0 when everything is in place, 1 when something needs an operator, 2 when the engine cannot be reached.
/// </summary>
public static class DoctorCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var root = new Option<string>("--root") { Description = "Repository root (image recipes are under deploy/images).", DefaultValueFactory = _ => "." };
        var endpoint = new Option<string?>("--docker") { Description = "Docker endpoint, e.g. unix:///var/run/docker.sock (default: DOCKER_HOST or the local socket)." };
        var instance = new Option<string>("--instance") { Description = "Instance label of the probe container.", DefaultValueFactory = _ => "doctor" };
        var command = new Command("doctor", "Check that this host can run labs: engine, images, firewall, userns-remap, kernel features.") { root, endpoint, instance };
        command.SetAction((parse, cancellationToken) => RunAsync(
            Path.GetFullPath(parse.GetValue(root) ?? "."), parse.GetValue(endpoint), parse.GetValue(instance) ?? "doctor", Console.Out, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string root, string? endpoint, string instance, TextWriter output, CancellationToken ct)
    {
        using var docker = new DockerClient(new DockerClientOptions { Endpoint = endpoint });
        var problems = 0;

        await output.WriteLineAsync("Engine");
        try
        {
            var version = await docker.System.GetVersionAsync(ct);
            await output.WriteLineAsync($"  ok    Docker {version.Version} (API {version.ApiVersion}) at {docker.Endpoint}, kernel {version.KernelVersion} {version.Arch}");
        }
        catch (DockerUnavailableException ex)
        {
            await output.WriteLineAsync($"  FAIL  the engine cannot be reached at {docker.Endpoint}: {ex.InnerException?.Message ?? ex.Message}");
            await output.WriteLineAsync("        Start dockerd (deploy/ensure-docker.sh) or pass --docker.");
            return 2;
        }

        await output.WriteLineAsync("Images");
        var recipes = Directory.Exists(Path.Combine(root, "deploy", "images"))
            ? Directory.GetDirectories(Path.Combine(root, "deploy", "images")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [KernelProbe.ProbeImage];
        foreach (var recipe in recipes)
        {
            var tag = $"netacademy/{recipe}:latest";
            try
            {
                var image = await docker.Images.InspectImageAsync(tag, ct);
                var label = image.Config.Labels.TryGetValue("netacademy.recipe", out var hash) ? hash : "none";
                await output.WriteLineAsync($"  ok    {tag}: recipe {label}, built {image.Created:yyyy-MM-dd HH:mm}Z, {image.Size / (1024 * 1024)} MiB");
            }
            catch (DockerNotFoundException)
            {
                problems++;
                await output.WriteLineAsync($"  FAIL  {tag} is not built: run deploy/build-images.sh {recipe}");
            }
        }

        await output.WriteLineAsync("Host isolation");
        var firewall = await HostAsync("iptables", ["-C", "INPUT", "-i", "nab+", "-j", "DROP"], ct);
        switch (firewall)
        {
            case (0, _):
                await output.WriteLineAsync("  ok    iptables INPUT drops traffic from lab bridges (-i nab+ -j DROP)");
                break;
            case (1, _):
                problems++;
                await output.WriteLineAsync("  FAIL  no iptables rule 'INPUT -i nab+ -j DROP': lab nodes could reach host services. Run deploy/ensure-docker.sh.");
                break;
            default:
                await output.WriteLineAsync($"  ?     could not check the INPUT rule: {firewall.Output}");
                break;
        }
        var info = await HostAsync("docker", ["info", "--format", "{{json .SecurityOptions}}"], ct);
        if (info.ExitCode != 0)
        {
            await output.WriteLineAsync($"  ?     could not read docker info: {info.Output}");
        }
        else if (info.Output.Contains("name=userns", StringComparison.Ordinal))
        {
            await output.WriteLineAsync("  ok    userns-remap is on: root in a node is an unprivileged user on the host");
        }
        else
        {
            problems++;
            await output.WriteLineAsync($"  FAIL  userns-remap is off ({info.Output}): root in a node is root on the host. Run deploy/ensure-docker.sh.");
        }

        await output.WriteLineAsync("Kernel features (probed in a throwaway confined container)");
        var options = Options.Create(new LabsOptions { Instance = instance });
        var report = await new KernelProbe(docker, options, TimeProvider.System, NullLogger<KernelProbe>.Instance).ProbeAsync(ct);
        foreach (var feature in report.Features)
        {
            await output.WriteLineAsync($"  {(feature.Available ? "yes" : "no "),-5} {feature.Feature.ToString().ToLowerInvariant(),-9} {feature.Reason}");
        }
        if (!report.Complete)
        {
            problems++;
        }
        await output.WriteLineAsync(problems == 0 ? "doctor: ready" : $"doctor: {problems} problem(s)");
        return problems == 0 ? 0 : 1;
    }

    private static async Task<(int ExitCode, string Output)> HostAsync(string program, IReadOnlyList<string> args, CancellationToken ct)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
        }
        catch (Win32Exception ex)
        {
            return (-1, $"{program} is not available: {ex.Message}");
        }
    }
}
