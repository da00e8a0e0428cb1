using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetAcademy.Cli.Vm;
using NetAcademy.Content.Errors;
using NetAcademy.Content.Labs;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Tasks;
using NetAcademy.Grading.Testing;
using NetAcademy.Labs;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Kernel;

namespace NetAcademy.Cli.Commands;

/// <summary>
/// <c>netacademy lab test [LAB...]</c>: starts each lab headless, checks that every task fails before its
/// reference solution and passes after it, stops the lab, and writes JUnit XML. Labs whose kernel needs
/// this host cannot meet are reported as skipped with the reason, or, with <c>--vm</c>, run in one throwaway
/// QEMU VM booting Debian's kernel (<see cref="VmLabRun"/>). The console and the JUnit say where each lab ran.
/// </summary>
public static class LabTestCommand
{
    /// <summary>Builds the <c>test</c> subcommand of <c>lab</c>.</summary>
    public static Command Create()
    {
        var labs = new Argument<string[]>("labs") { Description = "Lab ids under <root>/labs or lab folders; all labs when none.", Arity = ArgumentArity.ZeroOrMore };
        var root = new Option<string>("--root") { Description = "Repository root.", DefaultValueFactory = _ => "." };
        var junit = new Option<string?>("--junit") { Description = "Write JUnit XML to this file." };
        var instance = new Option<string>("--instance")
        {
            Description = "Instance label of the test sessions (default: lab-test-<random>, so nothing else is touched).",
            DefaultValueFactory = _ => "lab-test-" + Guid.NewGuid().ToString("n")[..8],
        };
        var vm = new Option<bool>("--vm")
        {
            Description = "Run the labs this host's kernel cannot run in one throwaway QEMU VM booting Debian's kernel "
                + "(deploy/vm/vm.sh; needs qemu-system-x86, linux-image-amd64 and busybox-static, which deploy/setup.sh --with-test-tools installs).",
        };
        var command = new Command("test", "Run every task's reference solution headless and check fails-before / passes-after.") { labs, root, junit, instance, vm };
        command.SetAction(async (parse, ct) =>
        {
            var repo = Path.GetFullPath(parse.GetValue(root) ?? ".");
            var images = Path.Combine(repo, "deploy", "images");
            var folders = LabFolders(repo, parse.GetValue(labs) ?? []);
            var loaded = new List<Lab>();
            var broken = 0;
            foreach (var folder in folders)
            {
                var result = LabLoader.Load(folder, images, ct);
                if (result.Lab is null)
                {
                    await ContentErrorFormatter.WriteAsync(Console.Error, result.Errors, repo, ct);
                    broken++;
                    continue;
                }
                loaded.Add(result.Lab);
            }
            if (folders.Count == 0)
            {
                await Console.Error.WriteLineAsync($"netacademy lab test: no labs found under {Path.Combine(repo, "labs")}.");
                return 2;
            }

            await using var services = CliServices.Build(parse.GetValue(instance)!);
            var status = await services.GetRequiredService<IRuntimeStatusSource>().GetStatusAsync(ct);
            if (!status.Available)
            {
                await Console.Error.WriteLineAsync($"netacademy lab test: {status.Describe()}");
                return 2;
            }
            await Console.Out.WriteLineAsync($"lab test on {status.Describe()}");
            var report = await services.GetRequiredService<IKernelProbe>().ProbeAsync(ct);
            if (report.Problem is { } problem)
            {
                // Not "every lab skipped": a run that tested nothing must not pass.
                await Console.Error.WriteLineAsync($"netacademy lab test: the kernel probe could not run: {problem}");
                return 2;
            }
            var runtime = services.GetRequiredService<ILabRuntime>();
            var graphs = services.GetRequiredService<SessionGraphReader>();
            var grading = new GradingOptions();
            services.GetRequiredService<IConfiguration>().GetSection(GradingOptions.Section).Bind(grading);
            var kernel = status.KernelVersion ?? "of unknown version";
            var useVm = parse.GetValue(vm);
            string? CannotRunReason(Lab lab) => report.Missing(lab.Requires) is { Count: > 0 } missing
                ? $"the kernel here ({kernel}) lacks " + string.Join(", ", missing.Select(m => $"{KernelFeatureNames.Name(m.Feature)} ({m.Reason})"))
                    + (useVm || InVmGuest ? "" : "; lab test --vm runs it in a VM")
                : null;
            var runner = new LabTestRunner(
                runtime,
                new TaskGrader(CheckRegistry.CreateDefault(grading, services.GetRequiredService<INodeCapture>())),
                (session, lab) => token => graphs.ReadAsync(session, lab, token),
                CannotRunReason,
                grading);
            var plan = LabTestPlan.Split(loaded, CannotRunReason, useVm);
            var hostRanOn = $"on this host (kernel {kernel})";
            var results = new List<LabTestResult>();
            foreach (var lab in plan.OnHost)
            {
                results.Add(await runner.RunLabAsync(lab, Console.Out, ct) with { RanOn = hostRanOn });
            }
            if (plan.InVm.Count > 0)
            {
                await Console.Out.WriteLineAsync($"lab test in a VM: {string.Join(", ", plan.InVm.Select(l => l.Id))} (this host's kernel cannot run them)");
                var imageFormat = services.GetRequiredService<IOptions<LabsOptions>>().Value.ImageFormat;
                results.AddRange(await VmLabRun.RunAsync(repo, plan.InVm, imageFormat, Console.Out, ct));
            }
            results = results.OrderBy(r => loaded.FindIndex(l => l.Id == r.Lab)).ToList();
            foreach (var result in results)
            {
                await Console.Out.WriteLineAsync(result.SkippedReason is { } reason
                    ? $"{result.Lab}: skipped {result.RanOn}: {reason}"
                    : $"{result.Lab}: {(result.Passed ? "passed" : "FAILED")}, ran {result.RanOn}");
            }
            await Console.Out.WriteLineAsync(LabTestRunner.Summary(results));
            if (parse.GetValue(junit) is { } path)
            {
                await JUnitWriter.WriteFileAsync(Path.GetFullPath(path), results, ct);
            }
            var failed = results.Count(r => !r.Passed);
            await Console.Out.WriteLineAsync($"lab test: {results.Count} lab(s), {failed} failed, {broken} did not load");
            return failed == 0 && broken == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>True in the VM of <c>lab test --vm</c> (deploy/vm/guest.sh sets the variable), where there is no VM further to go to.</summary>
    private static bool InVmGuest => Environment.GetEnvironmentVariable("NETACADEMY_VM_GUEST") == "1";

    private static List<string> LabFolders(string repo, IReadOnlyList<string> names)
    {
        var labsRoot = Path.Combine(repo, "labs");
        if (names.Count == 0)
        {
            return Directory.Exists(labsRoot)
                ? Directory.EnumerateDirectories(labsRoot).Where(d => File.Exists(Path.Combine(d, LabLoader.FileName))).Order(StringComparer.Ordinal).ToList()
                : [];
        }
        return names.Select(n => File.Exists(Path.Combine(n, LabLoader.FileName)) ? Path.GetFullPath(n) : Path.Combine(labsRoot, n)).ToList();
    }
}
