using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace NetAcademy.Web.Reliability;

/// <summary>
/// Answers a request that failed because the disk under the data directory (or the database server's) is
/// full with 503 and a page that says so, instead of the generic error page: nothing was saved, reading
/// still works, and trying again later is the right move. Everything else goes to the usual handler.
/// </summary>
public sealed partial class StorageFullExceptionHandler(ILogger<StorageFullExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The sentence shown to the user.</summary>
    public const string Message = "The server's disk is full, so this change was not saved. Pages can still be read; try again later.";

    private const int SqliteFull = 13;
    private const int NoSpaceLeftOnDevice = 28;
    private const string PostgresDiskFull = "53100";

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsStorageFull(exception))
        {
            return false;
        }
        LogStorageFull(logger, httpContext.Request.Path, exception);
        httpContext.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "300";
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        await httpContext.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Disk full</title></head><body><h1>Not saved</h1><p data-role=\"storage-full\">{Message}</p><p><a href=\"/\">Back to the catalog</a></p></body></html>",
            cancellationToken);
        return true;
    }

    /// <summary>True when the exception, or one inside it, means the storage is out of space.</summary>
    public static bool IsStorageFull(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                case PostgresException { SqlState: PostgresDiskFull }:
                case IOException io when (io.HResult & 0xFFFF) == NoSpaceLeftOnDevice:
                    return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Storage is full: a write for {Path} failed; free space under the data directory")]
    private static partial void LogStorageFull(ILogger logger, string path, Exception exception);
}
