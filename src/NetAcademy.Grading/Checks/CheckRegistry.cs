using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Grading.Checks;

/// <summary>
/// The evaluators by check kind. Built explicitly from a list (no reflection), so the set of kinds a server
/// grades is visible in one place. Immutable and thread-safe.
/// </summary>
public sealed class CheckRegistry
{
    private readonly Dictionary<string, ICheckEvaluator> _evaluators;

    /// <summary>Registers each evaluator under its <see cref="ICheckEvaluator.Kind"/>.</summary>
    /// <exception cref="ArgumentException">Two evaluators claim the same kind, or one has an empty kind.</exception>
    public CheckRegistry(IEnumerable<ICheckEvaluator> evaluators)
    {
        ArgumentNullException.ThrowIfNull(evaluators);
        _evaluators = new Dictionary<string, ICheckEvaluator>(StringComparer.Ordinal);
        foreach (var evaluator in evaluators)
        {
            if (string.IsNullOrWhiteSpace(evaluator.Kind))
            {
                throw new ArgumentException($"The evaluator {evaluator.GetType().Name} has no kind.", nameof(evaluators));
            }

            if (!_evaluators.TryAdd(evaluator.Kind, evaluator))
            {
                throw new ArgumentException(
                    $"Two evaluators claim check kind '{evaluator.Kind}': {_evaluators[evaluator.Kind].GetType().Name} and {evaluator.GetType().Name}.",
                    nameof(evaluators));
            }
        }
    }

    /// <summary>
    /// The complete, explicit list of check kinds the platform grades: command, state, connectivity, traffic and trace.
    /// A new kind is added here, never discovered. Traffic checks capture through <paramref name="capture"/>.
    /// </summary>
    public static CheckRegistry CreateDefault(GradingOptions options, INodeCapture capture)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CheckRegistry(
        [
            new Command.CommandCheckEvaluator(options),
            new State.StateCheckEvaluator(),
            new Connectivity.ConnectivityCheckEvaluator(options),
            new Traffic.TrafficCheckEvaluator(options, capture),
            new Netfilter.TraceCheckEvaluator(options),
        ]);
    }

    /// <summary>The registered kinds, sorted.</summary>
    public IReadOnlyList<string> Kinds => _evaluators.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The evaluator for <paramref name="kind"/>.</summary>
    /// <exception cref="UnknownCheckKindException">No evaluator has that kind.</exception>
    public ICheckEvaluator Get(string kind) =>
        _evaluators.TryGetValue(kind, out var evaluator) ? evaluator : throw new UnknownCheckKindException(kind, Kinds);

    /// <summary>Evaluates <paramref name="check"/> with the evaluator of its kind.</summary>
    /// <exception cref="UnknownCheckKindException">No evaluator has the check's kind.</exception>
    /// <exception cref="OperationCanceledException">The evaluation was cancelled.</exception>
    public Task<CheckResult> EvaluateAsync(Check check, GradingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Get(check.Kind).EvaluateAsync(check, context, cancellationToken);
    }
}
