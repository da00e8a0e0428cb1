using NetAcademy.Content.Validation;
using NetAcademy.Content.Yaml;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Labs;

/// <summary>Reads the <c>tasks:</c> list of a lab.yaml: ids, needs (known, acyclic), hints, solutions and checks.</summary>
internal static class LabTaskReader
{
    private static readonly string[] Keys = ["id", "title", "description", "needs", "hints", "solution", "checks"];
    private static readonly string[] SolutionKeys = ["node", "script", "run"];

    public static List<LabTask> ReadAll(IReadOnlyList<YamlNode> items, LabReadContext context)
    {
        var tasks = new List<LabTask>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var needs = new List<(string Task, YamlNode Node, string Need)>();
        var ok = true;
        foreach (var item in items)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var task = Read(item, context, ids, needs);
            if (task is null)
            {
                ok = false;
            }
            else
            {
                tasks.Add(task);
            }
        }

        CheckNeeds(needs, ids, context);
        return ok ? tasks : [];
    }

    private static LabTask? Read(YamlNode item, LabReadContext context, HashSet<string> ids, List<(string, YamlNode, string)> allNeeds)
    {
        var map = YamlMap.From(item, context.Errors, "task", Keys);
        if (map is null)
        {
            return null;
        }

        var idText = map.String("id", required: true);
        var validId = TaskId.TryParse(idText, out var id);
        if (idText is not null && !validId)
        {
            context.Errors.Add(map.At("id"), $"'{idText}' is not a valid task id; use 1-63 lower-case letters, digits and dashes.");
        }
        else if (validId && !ids.Add(id.Value))
        {
            context.Errors.Add(map.At("id"), $"Two tasks have the id '{id}'; task ids must be unique in a lab.");
            validId = false;
        }

        var what = validId ? $"task '{id}'" : "task";
        var title = map.String("title", required: true);
        var description = map.String("description") ?? "";
        var needs = new List<TaskId>();
        foreach (var (node, need) in map.Strings("needs") ?? [])
        {
            if (!TaskId.TryParse(need, out var needId))
            {
                context.Errors.Add(node, $"'{need}' in the needs of the {what} is not a valid task id.");
            }
            else
            {
                needs.Add(needId);
                if (validId)
                {
                    allNeeds.Add((id.Value, node, need));
                }
            }
        }

        var hints = (map.Strings("hints") ?? []).Select(h => h.Value).ToList();
        var solution = ReadSolution(map, context, what);
        var checkItems = map.Sequence("checks", required: true);
        if (checkItems is { Count: 0 })
        {
            context.Errors.Add(map.At("checks"), $"The {what} has no checks; add at least one so it can be graded.");
        }

        var checks = new List<Check>();
        var checksOk = checkItems is { Count: > 0 };
        foreach (var checkNode in checkItems ?? [])
        {
            if (CheckReader.Read(checkNode, context, what) is { } check)
            {
                checks.Add(check);
            }
            else
            {
                checksOk = false;
            }
        }

        if (!validId || title is null || solution is null || !checksOk)
        {
            return null;
        }

        return new LabTask(id, title, description, needs, checks, hints, solution);
    }

    private static List<SolutionStep>? ReadSolution(YamlMap map, LabReadContext context, string what)
    {
        var steps = new List<SolutionStep>();
        var ok = true;
        foreach (var item in map.Sequence("solution") ?? [])
        {
            var step = YamlMap.From(item, context.Errors, $"solution step of the {what}", SolutionKeys);
            if (step is null)
            {
                ok = false;
                continue;
            }

            var node = step.String("node", required: true);
            var validNode = node is not null && context.RequireNode(node, step.At("node"), $"solution step of the {what}");
            string? script = null;
            if (step.Has("script") == step.Has("run"))
            {
                context.Errors.Add(step.Node, $"A solution step of the {what} needs exactly one of 'script' (a file in the lab folder) or 'run' (inline shell text).");
            }
            else if (step.String("script") is { } path)
            {
                var full = context.Folder.ResolveFile(path, step.At("script"), context.Errors, "solution script");
                script = full is null ? null : Files.ContentFile.ReadText(full, context.Folder.Root, Files.ContentFile.MaxScriptBytes, context.Errors,
                    reason => context.Errors.Add(step.At("script"), reason));
            }
            else
            {
                script = step.String("run", required: true);
            }

            if (validNode && script is not null)
            {
                steps.Add(new SolutionStep(new NodeName(node!), script));
            }
            else
            {
                ok = false;
            }
        }

        return ok ? steps : null;
    }

    private static void CheckNeeds(List<(string Task, YamlNode Node, string Need)> needs, HashSet<string> ids, LabReadContext context)
    {
        var edges = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (task, node, need) in needs)
        {
            if (need == task)
            {
                context.Errors.Add(node, $"The task '{task}' needs itself; remove '{need}' from its needs.");
            }
            else if (!ids.Contains(need))
            {
                context.Errors.Add(node, $"The task '{task}' needs '{need}', which is not a task of this lab; use one of: {string.Join(", ", ids.Order(StringComparer.Ordinal))}.");
            }
        }

        foreach (var group in needs.Where(n => n.Need != n.Task).GroupBy(n => n.Task, StringComparer.Ordinal))
        {
            edges[group.Key] = group.Select(n => n.Need).ToList();
        }

        foreach (var cycle in CycleDetector.FindCycles(edges))
        {
            // Report at the need that closes the cycle, so the line points into it.
            var (_, node, _) = needs.First(n => n.Task == cycle[^2] && n.Need == cycle[^1]);
            context.Errors.Add(node, $"The task needs form a cycle ({string.Join(" -> ", cycle)}); remove one of these needs.");
        }
    }
}
