using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Graph;
using NetAcademy.Web.Limits;

namespace NetAcademy.Web.Workspace;

public sealed partial class WorkspaceHub
{
    /// <summary>
    /// Streams the session's interface graph: the whole graph first, then each change as a diff, until the session
    /// stops being ready (the page subscribes again when it is ready) or the caller cancels. Each subscription is a graph
    /// read (rate-limited) and holds one of the caller's live graph streams while it lasts.
    /// </summary>
    public async IAsyncEnumerable<GraphStreamMessage> Graph(string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = Owned(sessionId);
        if (session.State != SessionState.Ready)
        {
            throw new HubException("The lab is not ready yet.");
        }
        Limit(RateLimitedAction.GraphRead);
        using var slot = Slots().Take(HubStreamKind.Graph, Context);

        var watcher = Context.GetHttpContext()!.RequestServices.GetRequiredService<GraphWatcher>();
        var first = true;
        await foreach (var update in watcher.WatchAsync(session, cancellationToken))
        {
            yield return GraphStreamMessage.From(update, first);
            first = false;
        }
    }
}
