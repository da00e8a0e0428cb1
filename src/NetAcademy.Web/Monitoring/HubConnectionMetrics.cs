using Microsoft.AspNetCore.SignalR;
using NetAcademy.Core.Diagnostics;

namespace NetAcademy.Web.Monitoring;

/// <summary>Counts open connections of every hub (<c>netacademy.hub.connections</c>, by hub: workspace, observation).</summary>
public sealed class HubConnectionMetrics(NetAcademyMetrics metrics) : IHubFilter
{
    private const string CountedKey = "netacademy.counted";

    /// <inheritdoc />
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        context.Context.Items[CountedKey] = true;
        metrics.HubConnection(Name(context.Hub), +1);
    }

    /// <inheritdoc />
    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.Remove(CountedKey))
            {
                metrics.HubConnection(Name(context.Hub), -1);
            }
        }
    }

    private static string Name(Hub hub)
    {
        var name = hub.GetType().Name;
        return (name.EndsWith("Hub", StringComparison.Ordinal) ? name[..^3] : name).ToLowerInvariant();
    }
}
