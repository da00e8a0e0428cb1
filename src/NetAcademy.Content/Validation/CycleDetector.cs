namespace NetAcademy.Content.Validation;

/// <summary>Finds dependency cycles (task needs, lesson prerequisites) so they can be reported by name.</summary>
internal static class CycleDetector
{
    /// <summary>
    /// Each cycle once, as the list of ids along it (first id repeated at the end). Edges to unknown ids are
    /// ignored; they are reported elsewhere.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> FindCycles(IReadOnlyDictionary<string, IReadOnlyList<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on stack, 2 = done
        var stack = new List<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string id)
        {
            state[id] = 1;
            stack.Add(id);
            foreach (var next in edges.TryGetValue(id, out var list) ? list : [])
            {
                if (!edges.ContainsKey(next))
                {
                    continue;
                }

                if (!state.TryGetValue(next, out var s))
                {
                    Visit(next);
                }
                else if (s == 1)
                {
                    var start = stack.IndexOf(next);
                    cycles.Add([.. stack.Skip(start), next]);
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
        }

        foreach (var id in edges.Keys)
        {
            if (!state.ContainsKey(id))
            {
                Visit(id);
            }
        }

        return cycles;
    }
}
