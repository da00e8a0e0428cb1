namespace NetAcademy.Grading;

/// <summary>Options of the grader, bound from the "Grading" configuration section.</summary>
public sealed class GradingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Grading";

    /// <summary>Longest a command check's program may run. Default 10 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest a stdout pattern may take to match (guards against catastrophic backtracking). Default 1 s.</summary>
    public TimeSpan PatternMatchTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest a connectivity probe may run (ping sends 2 probes with a 1 s wait each). Default 10 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most packets a traffic check captures; the capture ends early when reached. Default 200.</summary>
    public int MaxCapturePackets { get; set; } = 200;

    /// <summary>Bytes kept of each captured packet; enough for the headers of a few nested tunnels. Default 512.</summary>
    public int CaptureSnapLength { get; set; } = 512;

    /// <summary>Longest a traffic check waits for its capture to start listening. Default 3 s.</summary>
    public TimeSpan CaptureStartTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Multiplies how long every traffic check captures (the lab's <c>capture_seconds</c>) and its trigger's time limit:
    /// for a machine where starting a process in a node takes seconds, such as the emulated VM of
    /// <c>netacademy lab test --vm</c>, whose guest sets it. Longer only ever makes a check see more. Default 1.
    /// </summary>
    public double CaptureTimeFactor { get; set; } = 1;

    /// <summary>Longest one reference-solution step may run under <c>netacademy lab test</c>. Default 120 s.</summary>
    public TimeSpan SolutionStepTimeout { get; set; } = TimeSpan.FromSeconds(120);
}
