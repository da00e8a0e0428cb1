using NetAcademy.Core.Labs;

namespace NetAcademy.Labs.Kernel;

/// <summary>
/// The result of one kernel probe: every <see cref="KernelFeature"/> with its availability. Immutable.
/// A report from a probe that could not run (engine down, image missing) marks every feature unavailable
/// with that reason and has <see cref="Complete"/> false, so it is not cached for long.
/// </summary>
public sealed class KernelReport
{
    private readonly Dictionary<KernelFeature, KernelFeatureStatus> _features;

    /// <summary>Creates a report; features not listed are unavailable with the reason "not probed".</summary>
    /// <param name="features">The probed features.</param>
    /// <param name="probedAt">When the probe ran.</param>
    /// <param name="complete">False when the probe itself could not run.</param>
    /// <param name="problem">Why the probe could not run, when <paramref name="complete"/> is false.</param>
    public KernelReport(IEnumerable<KernelFeatureStatus> features, DateTimeOffset probedAt, bool complete, string? problem = null)
    {
        _features = features.ToDictionary(f => f.Feature);
        foreach (var feature in Enum.GetValues<KernelFeature>())
        {
            _features.TryAdd(feature, new KernelFeatureStatus(feature, false, "not probed"));
        }
        ProbedAt = probedAt;
        Complete = complete;
        Problem = complete ? null : problem ?? "the kernel probe could not run";
    }

    /// <summary>A report saying the probe could not run, with the same reason for every feature.</summary>
    public static KernelReport Failed(string reason, DateTimeOffset probedAt) =>
        new(Enum.GetValues<KernelFeature>().Select(f => new KernelFeatureStatus(f, false, reason)), probedAt, complete: false, reason);

    /// <summary>
    /// Why no lab at all can run here now, when the probe could not run (the engine cannot be reached or speaks no
    /// Engine API version the platform speaks, the probe image is missing); null after a complete probe.
    /// </summary>
    public string? Problem { get; }

    /// <summary>When the probe ran.</summary>
    public DateTimeOffset ProbedAt { get; }

    /// <summary>True when the probe ran every check (each result is a real answer of the kernel).</summary>
    public bool Complete { get; }

    /// <summary>Every feature in enum order.</summary>
    public IReadOnlyList<KernelFeatureStatus> Features => Enum.GetValues<KernelFeature>().Select(f => _features[f]).ToList();

    /// <summary>The status of one feature.</summary>
    public KernelFeatureStatus this[KernelFeature feature] => _features[feature];

    /// <summary>The features among <paramref name="required"/> this host lacks (empty when a lab can run).</summary>
    public IReadOnlyList<KernelFeatureStatus> Missing(IEnumerable<KernelFeature> required) =>
        required.Distinct().Select(f => _features[f]).Where(s => !s.Available).ToList();

    /// <summary>
    /// One sentence for learners about why a lab cannot run here: the <see cref="Problem"/> that stops every lab, or, e.g. "This server's kernel has no ipip
    /// (Unknown device type.)"; null when nothing is missing.
    /// </summary>
    public string? Explain(IEnumerable<KernelFeature> required)
    {
        if (Problem is { } problem)
        {
            return $"Labs cannot run on this server now: {problem}";
        }
        var missing = Missing(required);
        if (missing.Count == 0)
        {
            return null;
        }
        var parts = missing.Select(m => $"{KernelChecks.Name(m.Feature)} ({m.Reason})");
        return $"This server's kernel cannot provide {string.Join(", ", parts)}, which this lab needs.";
    }
}
