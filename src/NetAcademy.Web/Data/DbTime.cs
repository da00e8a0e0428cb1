namespace NetAcademy.Web.Data;

/// <summary>
/// Times are stored as Unix milliseconds (BIGINT) on both engines: SQLite has no time type, and one
/// representation keeps comparisons and ordering identical everywhere.
/// </summary>
internal static class DbTime
{
    public static long From(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? From(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset To(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? To(long? value) => value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
