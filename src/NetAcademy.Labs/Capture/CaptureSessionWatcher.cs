using Microsoft.Extensions.Hosting;
using NetAcademy.Core.Ids;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Labs.Capture;

/// <summary>Ends a lab session's captures when the session stops, resets or fails.</summary>
public sealed class CaptureSessionWatcher : IHostedService
{
    private readonly SessionManager _sessions;
    private readonly CaptureManager _captures;

    /// <summary>Creates the watcher.</summary>
    public CaptureSessionWatcher(SessionManager sessions, CaptureManager captures)
    {
        _sessions = sessions;
        _captures = captures;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sessions.SessionChanged += OnSessionChanged;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _sessions.SessionChanged -= OnSessionChanged;
        await _captures.DisposeAsync();
    }

    private void OnSessionChanged(SessionSnapshot snapshot)
    {
        if (snapshot.State is SessionState.Stopping or SessionState.Stopped or SessionState.Failed
            && SessionId.TryParse(snapshot.Id, out var id) && _captures.ForSession(id).Count > 0)
        {
            _ = _captures.EndSessionAsync(id, CancellationToken.None);
        }
    }
}
