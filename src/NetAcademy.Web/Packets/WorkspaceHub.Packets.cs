using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using NetAcademy.Labs.Capture;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Limits;

namespace NetAcademy.Web.Workspace;

public sealed partial class WorkspaceHub
{
    /// <summary>
    /// Starts a packet capture on an interface of a node (or of a network namespace inside it) and returns its id
    /// once the capture listens. Errors (bad interface or filter, missing interface, too many captures) come back
    /// as a <see cref="HubException"/> with a message for the learner, as does a start past the learner's
    /// <see cref="UsageLimitsOptions.CaptureStartsPerMinute"/>.
    /// </summary>
    public async Task<string> StartCapture(string sessionId, string node, string? netns, string iface, string? filter)
    {
        var session = Owned(sessionId);
        var nodeName = Node(session, node);
        if (session.State != SessionState.Ready)
        {
            throw new HubException("The lab is not ready yet.");
        }
        Limit(RateLimitedAction.CaptureStart);
        try
        {
            var request = new CaptureRequest(session.Id, session.NodeNames, nodeName, string.IsNullOrWhiteSpace(netns) ? null : netns.Trim(), iface?.Trim() ?? "", filter);
            var capture = await CaptureManager().StartAsync(request, Context.ConnectionAborted);
            _sessions.Touch(session);
            return capture.Id;
        }
        catch (CaptureException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    /// <summary>Stops a capture of the session; its packets stay available for download.</summary>
    public async Task StopCapture(string sessionId, string captureId)
    {
        var session = Owned(sessionId);
        if (!await CaptureManager().StopAsync(session.Id, captureId, Context.ConnectionAborted))
        {
            throw new HubException("The lab has no such capture.");
        }
    }

    /// <summary>The session's captures, running and ended.</summary>
    public IReadOnlyList<CaptureInfo> ListCaptures(string sessionId) =>
        CaptureManager().ForSession(Owned(sessionId).Id).Select(c => c.Info()).ToList();

    /// <summary>
    /// Streams a capture: its status, the recent rows after <paramref name="afterNumber"/> (0 for all), then live
    /// rows, sampling reports and status changes, until the capture ends or the caller cancels. Holds one of the
    /// caller's capture streams while it lasts.
    /// </summary>
    public async IAsyncEnumerable<CaptureEvent> CaptureStream(string sessionId, string captureId, long afterNumber, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = Owned(sessionId);
        var capture = CaptureManager().Find(session.Id, captureId) ?? throw new HubException("The lab has no such capture.");
        using var slot = Slots().Take(HubStreamKind.Capture, Context);
        await foreach (var item in capture.SubscribeAsync(Math.Max(0, afterNumber), cancellationToken))
        {
            yield return item;
        }
    }

    private CaptureManager CaptureManager() => Context.GetHttpContext()!.RequestServices.GetRequiredService<CaptureManager>();
}
