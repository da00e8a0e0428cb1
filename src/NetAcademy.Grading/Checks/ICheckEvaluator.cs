using NetAcademy.Core.Labs;

namespace NetAcademy.Grading.Checks;

/// <summary>
/// Evaluates one kind of <see cref="Check"/> against a running session. One implementation per kind, registered
/// under <see cref="Kind"/> in a <see cref="CheckRegistry"/>.
/// </summary>
public interface ICheckEvaluator
{
    /// <summary>The <see cref="Check.Kind"/> this evaluator handles (command, state, connectivity, traffic, trace).</summary>
    string Kind { get; }

    /// <summary>Evaluates <paramref name="check"/>. Failures are results, not exceptions.</summary>
    /// <param name="check">A check of <see cref="Kind"/>.</param>
    /// <param name="context">The session to evaluate against.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <exception cref="ArgumentException"><paramref name="check"/> is not of this evaluator's kind.</exception>
    /// <exception cref="OperationCanceledException">The evaluation was cancelled.</exception>
    Task<CheckResult> EvaluateAsync(Check check, GradingContext context, CancellationToken cancellationToken);
}
