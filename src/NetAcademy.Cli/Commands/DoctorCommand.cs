using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Runtime.Docker;

namespace NetAcademy.Cli.Commands;

/// <summary>
/// <c>netacademy doctor</c>: is this host ready to run labs? The runtime's backend (endpoint, engine version, the
/// negotiated API version), lab images and their recipe labels, the host firewall rule for lab bridges,
/// userns-remap, and the kernel probe's table. Exit code 0 when everything is in place, 1 when something needs an
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
        var command = new Command("doctor", "Check that this host can run labs: engine, images, firewall, userns-remap, kernel features.") { root, endpoint, instance };
        command.SetAction((parse, cancellationToken) => RunAsync(
            Path.GetFullPath(parse.GetValue(root) ?? "."), parse.GetValue(endpoint), parse.GetValue(instance) ?? "doctor", Console.Out, cancellationToken));
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
            if (await images.FindAsync(recipe, ct) is { } image)
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
        var bridges = LabLabels.BridgePrefix + "+";
        var firewall = await HostAsync("iptables", ["-C", "INPUT", "-i", bridges, "-j", "DROP"], ct);
        switch (firewall)
        {
            case (0, _):
                await output.WriteLineAsync($"  ok    iptables INPUT drops traffic from lab bridges (-i {bridges} -j DROP)");
                break;
            case (1, _):
                problems++;
                await output.WriteLineAsync($"  FAIL  no iptables rule 'INPUT -i {bridges} -j DROP': lab nodes could reach host services. Run deploy/ensure-docker.sh.");
                break;
            default:
                await output.WriteLineAsync($"  ?     could not check the INPUT rule: {firewall.Output}");
                break;
        }
        if (status.UsernsRemap)
        {
            await output.WriteLineAsync("  ok    userns-remap is on: root in a node is an unprivileged user on the host");
        }
        else
        {
            problems++;
            await output.WriteLineAsync($"  FAIL  userns-remap is off (security options: {string.Join(", ", status.SecurityOptions)}): root in a node is root on the host. Run deploy/ensure-docker.sh.");
        }

        await output.WriteLineAsync("Kernel features (probed in a throwaway confined container)");
        var report = await services.GetRequiredService<IKernelProbe>().ProbeAsync(ct);
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
