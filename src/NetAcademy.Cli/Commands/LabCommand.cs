using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Content.Errors;
using NetAcademy.Content.Labs;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Runtime.Docker;

namespace NetAcademy.Cli.Commands;

/// <summary>
/// <c>netacademy lab up|down|ls</c>: run labs headless, without the web app, through the same runtime.
/// Sessions carry the instance label "cli" by default, so a server (instance "default") neither adopts
/// nor removes them.
/// </summary>
public static class LabCommand
{
    /// <summary>Builds the command group; <paramref name="more"/> are further <c>lab</c> subcommands (e.g. <c>lab test</c>).</summary>
    public static Command Create(params Command[] more)
    {
        var lab = new Command("lab", "Start, stop and list labs without the web app.");
        lab.Subcommands.Add(Up());
        lab.Subcommands.Add(Down());
        lab.Subcommands.Add(List());
        foreach (var command in more)
        {
            lab.Subcommands.Add(command);
        }
        return lab;
    }

    private static Option<string> Instance() => new("--instance") { Description = "Instance label of the sessions.", DefaultValueFactory = _ => "cli" };

    private static Option<string?> Endpoint() => new("--docker") { Description = "Docker endpoint (default: Docker__Endpoint, DOCKER_HOST or the local socket)." };

    private static Command Up()
    {
        var labArg = new Argument<string>("lab") { Description = "A lab id under <root>/labs, or a lab folder." };
        var root = new Option<string>("--root") { Description = "Repository root.", DefaultValueFactory = _ => "." };
        var user = new Option<string>("--user") { Description = "Owner label of the session.", DefaultValueFactory = _ => "cli" };
        var instance = Instance();
        var endpoint = Endpoint();
        var command = new Command("up", "Start a lab and print its session id.") { labArg, root, user, instance, endpoint };
        command.SetAction(async (parse, ct) =>
        {
            var repo = Path.GetFullPath(parse.GetValue(root) ?? ".");
            var name = parse.GetValue(labArg)!;
            var folder = File.Exists(Path.Combine(name, LabLoader.FileName)) ? name : Path.Combine(repo, "labs", name);
            var loaded = LabLoader.Load(folder, Path.Combine(repo, "deploy", "images"), ct);
            if (loaded.Lab is not { } lab)
            {
                await ContentErrorFormatter.WriteAsync(Console.Error, loaded.Errors, repo, ct);
                await Console.Error.WriteLineAsync($"netacademy lab up: the lab in {folder} does not load.");
                return 1;
            }
            await using var services = CliServices.Build(parse.GetValue(instance) ?? "cli", parse.GetValue(endpoint));
            if (lab.Requires.Count > 0)
            {
                var report = await services.GetRequiredService<IKernelProbe>().ProbeAsync(ct);
                var missing = report.Missing(lab.Requires);
                if (missing.Count > 0)
                {
                    await Console.Error.WriteLineAsync(new LabUnavailableException(lab.Id, missing).Message);
                    return 1;
                }
            }
            var runtime = services.GetRequiredService<ILabRuntime>();
            var session = SessionId.New();
            try
            {
                await runtime.StartAsync(new SessionSpec(session, parse.GetValue(user) ?? "cli", lab), new ConsoleProgress(), ct);
            }
            catch (LabStartException ex)
            {
                await Console.Error.WriteLineAsync($"netacademy lab up: {ex.Message}");
                if (ex.Output is not null)
                {
                    await Console.Error.WriteLineAsync(ex.Output);
                }
                return 1;
            }
            catch (RuntimeUnavailableException ex)
            {
                await Console.Error.WriteLineAsync($"netacademy lab up: {ex.Message}");
                return 2;
            }
            await Console.Out.WriteLineAsync($"session {session} ready: lab {lab.Id}, nodes {string.Join(", ", lab.Nodes.Select(n => n.Name))}");
            foreach (var node in lab.Nodes)
            {
                await Console.Out.WriteLineAsync($"  shell on {node.Name}: docker exec -it {LabLabels.ContainerName(session.Value, node.Name.Value)} bash -l");
            }
            await Console.Out.WriteLineAsync($"  stop: netacademy lab down {session}");
            return 0;
        });
        return command;
    }

    private static Command Down()
    {
        var sessionArg = new Argument<string?>("session") { Description = "Session id from lab up or lab ls.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Stop every session of the instance." };
        var instance = Instance();
        var endpoint = Endpoint();
        var command = new Command("down", "Stop a lab session and remove its nodes and networks.") { sessionArg, all, instance, endpoint };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Build(parse.GetValue(instance) ?? "cli", parse.GetValue(endpoint));
            var runtime = services.GetRequiredService<ILabRuntime>();
            IReadOnlyList<SessionId> targets;
            if (parse.GetValue(all))
            {
                targets = (await runtime.ListAsync(ct)).Select(s => s.Session).ToList();
            }
            else if (SessionId.TryParse(parse.GetValue(sessionArg), out var one))
            {
                targets = [one];
            }
            else
            {
                await Console.Error.WriteLineAsync("netacademy lab down: give a session id (20 hex characters) or --all.");
                return 2;
            }
            foreach (var session in targets)
            {
                await runtime.StopAsync(session, ct);
                await Console.Out.WriteLineAsync($"stopped {session}");
            }
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var instance = Instance();
        var endpoint = Endpoint();
        var command = new Command("ls", "List the instance's lab sessions as the engine has them.") { instance, endpoint };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Build(parse.GetValue(instance) ?? "cli", parse.GetValue(endpoint));
            var runtime = services.GetRequiredService<ILabRuntime>();
            var sessions = await runtime.ListAsync(ct);
            await Console.Out.WriteLineAsync($"{"SESSION",-22}{"LAB",-24}{"USER",-14}NODES");
            foreach (var s in sessions.OrderBy(s => s.Lab, StringComparer.Ordinal))
            {
                var nodes = string.Join(" ", s.Nodes.OrderBy(n => n.Key, StringComparer.Ordinal)
                    .Select(n => $"{n.Key}:{(n.Value ? "running" : s.OomKilled.Contains(n.Key) ? "oom-killed" : "stopped")}"));
                await Console.Out.WriteLineAsync($"{s.Session.Value,-22}{s.Lab,-24}{s.User,-14}{(nodes.Length == 0 ? "(networks only)" : nodes)}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Prints each start step as it ends; synchronous so lines stay in order.</summary>
    private sealed class ConsoleProgress : IProgress<StartProgress>
    {
        public void Report(StartProgress value)
        {
            if (value.Status == StepStatus.Running)
            {
                return;
            }
            Console.WriteLine($"  {value.Status switch { StepStatus.Done => "done", StepStatus.Cancelled => "stop", _ => "FAIL" },-5} {value.Title} ({value.Elapsed.TotalMilliseconds:0} ms)");
        }
    }
}
