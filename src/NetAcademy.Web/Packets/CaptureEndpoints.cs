using System.Globalization;
using NetAcademy.Labs.Capture;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Api;
using NetAcademy.Web.Workspace;

namespace NetAcademy.Web.Packets;

/// <summary>Download of a capture's packets as a pcap file.</summary>
public static class CaptureEndpoints
{
    /// <summary>Response header with the number of oldest packets dropped from the download buffer.</summary>
    public const string DroppedHeader = "X-Capture-Dropped";

    /// <summary>
    /// Maps <c>GET /api/sessions/{sessionId}/captures/{captureId}.pcap</c>: the packets the capture still holds,
    /// for the session's owner only (404 for anyone else or an unknown capture). When the buffer overflowed, the
    /// file holds the newest packets and <see cref="DroppedHeader"/> says how many older ones were dropped.
    /// </summary>
    public static IEndpointRouteBuilder MapCaptureEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/sessions/{sessionId}/captures/{captureId}.pcap",
            (string sessionId, string captureId, HttpContext http, SessionManager sessions, CaptureManager captures) =>
            {
                LabSession session;
                try
                {
                    session = sessions.GetOwned(sessionId, http.User.Identity?.Name ?? "");
                }
                catch (SessionAccessException)
                {
                    return Results.NotFound(new ApiError("No such capture."));
                }
                if (captures.Find(session.Id, captureId) is not { } capture)
                {
                    return Results.NotFound(new ApiError("No such capture."));
                }
                var info = capture.Info();
                http.Response.Headers[DroppedHeader] = info.DroppedPackets.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers.CacheControl = "no-store";
                var name = string.Join('-', new[] { "capture", info.Node, info.Netns, info.Interface }.Where(p => p is not null));
                return Results.File(capture.ToPcap(), "application/vnd.tcpdump.pcap", name + ".pcap");
            })
            .RequireAuthorization()
            .WithTags(LabEndpoints.Tag)
            .WithName("GetCapturePcap")
            .WithSummary("The packets a capture of the caller's session still holds, as a pcap file.")
            .WithDescription($"When the download buffer overflowed, the file holds the newest packets and the {DroppedHeader} header says how many older ones were dropped.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/vnd.tcpdump.pcap")
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return endpoints;
    }
}
