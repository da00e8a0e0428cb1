namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// The server as the benchmarks start it: guests allowed (Accounts:AllowGuests), so a plain HTTP client gets an
/// identity from the lesson page without signing up, and each client with its own cookies is its own learner.
/// </summary>
internal static class GuestServer
{
    /// <summary>Starts the server with guests allowed and <paramref name="settings"/> (which may override that).</summary>
    public static Task<ServerProcess> StartAsync(string instance, IDictionary<string, string>? settings, CancellationToken ct)
    {
        // A class of learners is a class of guests here: more places than the default cap of 20.
        var all = new Dictionary<string, string> { ["Accounts__AllowGuests"] = "true", ["Accounts__Guests__MaxActive"] = "10000" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        return ServerProcess.StartAsync(instance, settings: all, ct: ct);
    }
}
