using NetAcademy.Core.Labs;

namespace NetAcademy.Labs.Kernel;

/// <summary>Whether the host kernel offers one feature to lab nodes, and why the probe thinks so.</summary>
/// <param name="Feature">The feature.</param>
/// <param name="Available">True when the probe could use it from inside a confined container.</param>
/// <param name="Reason">What the probe ran and what happened, for operators and for the learner's "unavailable" text.</param>
public sealed record KernelFeatureStatus(KernelFeature Feature, bool Available, string Reason);
