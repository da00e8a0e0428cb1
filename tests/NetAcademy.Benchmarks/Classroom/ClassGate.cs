namespace NetAcademy.Benchmarks.Classroom;

/// <summary>
/// Opens when every learner of the class has either arrived (lab ready, terminal open) or dropped out, so the typing
/// phase runs with all labs up. Async, unlike <see cref="Barrier"/>: fifty learners waiting must not hold fifty
/// thread-pool threads.
/// </summary>
internal sealed class ClassGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;

    public ClassGate(int learners)
    {
        _remaining = learners;
        if (learners == 0)
        {
            _open.SetResult();
        }
    }

    /// <summary>Completes when the last learner arrived or dropped out.</summary>
    public Task Opened => _open.Task;

    /// <summary>Counts a learner in (arrived) or out (dropped out); both open the gate when they are the last.</summary>
    public void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _open.TrySetResult();
        }
    }
}
