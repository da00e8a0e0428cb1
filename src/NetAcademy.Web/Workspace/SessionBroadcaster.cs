using Microsoft.AspNetCore.SignalR;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Terminals;

namespace NetAcademy.Web.Workspace;

/// <summary>
/// Pushes every session change to the pages watching that session, and sweeps terminals nobody watches.
/// </summary>
public sealed class SessionBroadcaster : BackgroundService
{
    private readonly SessionManager _sessions;
    private readonly IHubContext<WorkspaceHub> _hub;
    private readonly TerminalRegistry _terminals;

    /// <summary>Creates the broadcaster.</summary>
    public SessionBroadcaster(SessionManager sessions, IHubContext<WorkspaceHub> hub, TerminalRegistry terminals)
    {
        _sessions = sessions;
        _hub = hub;
        _terminals = terminals;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void OnChanged(SessionSnapshot snapshot) =>
            _ = _hub.Clients.Group(WorkspaceHub.Group(snapshot.Id)).SendAsync("session", snapshot, CancellationToken.None);
        _sessions.SessionChanged += OnChanged;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await _terminals.SweepAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _sessions.SessionChanged -= OnChanged;
        }
    }
}
