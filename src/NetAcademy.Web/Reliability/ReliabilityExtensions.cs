using Microsoft.AspNetCore.Http.Features;

namespace NetAcademy.Web.Reliability;

/// <summary>Limits and handlers that keep bad input and full disks from hurting the server.</summary>
public static class ReliabilityExtensions
{
    /// <summary>
    /// Largest request body accepted, in bytes: 1 MiB. The app takes only small forms and hub messages
    /// (SignalR has its own 64 KiB limit), so Kestrel's 30 MB default only helps a client waste memory.
    /// </summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>Sets the request body and form limits, and answers "disk full" failures with 503 and a clear page.</summary>
    public static WebApplicationBuilder AddNetAcademyReliability(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = MaxRequestBodyBytes;
            o.ValueLengthLimit = 64 * 1024;
            o.ValueCountLimit = 256;
        });
        builder.Services.AddExceptionHandler<StorageFullExceptionHandler>();
        return builder;
    }
}
