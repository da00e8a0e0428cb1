using Microsoft.AspNetCore.Components;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Netfilter;

/// <summary>The workspace's Trace panel; see TracePanel.razor.</summary>
public sealed partial class TracePanel
{
    /// <summary>The hooks of the diagram, as the lesson draws them, with their grid areas (the hook names).</summary>
    private static readonly (string Hook, string Label)[] Hooks =
    [
        ("prerouting", "PREROUTING"), ("input", "INPUT"), ("forward", "FORWARD"), ("output", "OUTPUT"), ("postrouting", "POSTROUTING"),
    ];

    /// <summary>The running session (the page found it for the signed-in user; checked again here).</summary>
    [Parameter, EditorRequired] public string SessionId { get; set; } = "";

    private readonly CancellationTokenSource disposed = new();
    private CancellationTokenSource? finish;
    private LabSession? session;
    private string user = "";
    private IReadOnlyList<string> nodes = [];
    private string node = "";
    private string netns = "";
    private string protocol = "icmp";
    private string source = "";
    private string destination = "";
    private int? port;
    private int seconds = 8;
    private bool running;
    private bool open;
    private string status = "";
    private string? error;
    private TraceView? view;
    private int selected;

    private bool Live => RendererInfo.IsInteractive;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        user = (await Auth.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
        try
        {
            session = Sessions.GetOwned(SessionId, user);
            nodes = session.NodeNames.Select(n => n.Value).ToList();
            node = nodes.FirstOrDefault() ?? "";
        }
        catch (SessionAccessException)
        {
            session = null;
        }
    }

    private async Task TraceAsync()
    {
        if (session is null || running)
        {
            return;
        }
        running = true;
        error = null;
        using var stop = new CancellationTokenSource();
        finish = stop;
        status = $"Tracing for {seconds} s on {node}{(string.IsNullOrWhiteSpace(netns) ? "" : $" (netns {netns.Trim()})")}: make the traffic now, in a terminal.";
        StateHasChanged();
        try
        {
            var request = new TraceRequest(node, netns, protocol, source, destination, port, seconds);
            view = await Tracer.TraceAsync(session, user, request, disposed.Token, stop.Token);
            selected = view.Packets.FirstOrDefault()?.Number ?? 0;
            status = $"Traced {view.Packets.Count + view.MorePackets} packet{(view.Packets.Count + view.MorePackets == 1 ? "" : "s")} matching {view.Match} on {view.Where}{(stop.IsCancellationRequested ? " (stopped early)" : "")}.";
        }
        catch (TraceRefusedException ex)
        {
            error = ex.Message;
            status = "";
        }
        catch (OperationCanceledException) when (disposed.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The learner gets a sentence, the log the details.
            Logger.LogWarning(ex, "A trace in session {Session} failed", SessionId);
            error = "The trace failed unexpectedly. Try again; if it keeps failing, reset the lab.";
            status = "";
        }
        finally
        {
            finish = null;
            running = false;
        }
    }

    /// <summary>The learner's Stop: the trace ends now and shows what it saw so far.</summary>
    private void Finish()
    {
        if (finish is { IsCancellationRequested: false } stop)
        {
            stop.Cancel();
            status = "Stopping: collecting what was traced so far...";
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }
}
