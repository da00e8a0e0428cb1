using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace NetAcademy.Web.Instructor;

/// <summary>
/// The observations a Blazor circuit holds (the observe view's task board): they end when the circuit's connection
/// goes down and begin again when it comes back. A closed tab leaves its circuit retained for minutes, waiting for a
/// reconnect, and its components are disposed only then, so the learner's banner would stay long after the instructor left.
/// </summary>
public sealed class ObserverCircuit(ObservationTracker tracker) : CircuitHandler
{
    private readonly ConcurrentDictionary<string, Func<Task>> _observations = new(StringComparer.Ordinal);

    /// <summary>Holds an observation under <paramref name="readerKey"/>; <paramref name="begin"/> begins it again after a reconnect.</summary>
    public void Track(string readerKey, Func<Task> begin) => _observations[readerKey] = begin;

    /// <summary>Forgets an observation whose component ended it itself.</summary>
    public void Untrack(string readerKey) => _observations.TryRemove(readerKey, out _);

    /// <inheritdoc />
    public override async Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        foreach (var key in _observations.Keys)
        {
            await tracker.EndAsync(key, CancellationToken.None);
        }
    }

    /// <inheritdoc />
    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        foreach (var begin in _observations.Values)
        {
            try
            {
                await begin();
            }
            catch (NetAcademy.Labs.Sessions.SessionAccessException)
            {
                // The session ended (or the right to observe it) while the connection was down: nothing to show.
            }
        }
    }
}
