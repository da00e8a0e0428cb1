using Microsoft.AspNetCore.SignalR;
using NetAcademy.Web.Limits;
using NetAcademy.Web.Netfilter;

namespace NetAcademy.Web.Workspace;

public sealed partial class WorkspaceHub
{
    /// <summary>
    /// Traces packets matching a protocol, source, destination and destination port through netfilter in a node (or a
    /// namespace in it) for <paramref name="seconds"/> (2-20) and returns each packet's hooks, chains, rules, verdict
    /// and NAT changes. The caller's own session only, one trace at a time per session, at most
    /// <see cref="UsageLimitsOptions.TracesPerMinute"/>; a refusal or failure is a <see cref="HubException"/> with a
    /// sentence for the learner.
    /// </summary>
    public async Task<TraceView> Trace(string sessionId, string node, string? netns, string? protocol, string? source, string? destination, int? port, int seconds)
    {
        var session = Owned(sessionId);
        var service = Context.GetHttpContext()!.RequestServices.GetRequiredService<NetfilterTraceService>();
        try
        {
            return await service.TraceAsync(session, Context.User?.Identity?.Name ?? "", new TraceRequest(node, netns, protocol, source, destination, port, seconds), Context.ConnectionAborted);
        }
        catch (TraceRefusedException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
