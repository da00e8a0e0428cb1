namespace NetAcademy.Core.Runtime;

/// <summary>A lab could not start. Carries the failing step and its output for the learner.</summary>
public sealed class LabStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabStartException(string step, string message, string? output = null, Exception? inner = null)
        : base(message, inner)
    {
        Step = step;
        Output = output;
    }

    /// <summary>The step that failed.</summary>
    public string Step { get; }

    /// <summary>What the step printed, if anything.</summary>
    public string? Output { get; }
}
