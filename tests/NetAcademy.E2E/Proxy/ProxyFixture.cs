using NetAcademy.E2E.Infrastructure;

namespace NetAcademy.E2E.Proxy;

/// <summary>
/// A <see cref="BrowserFixture"/> whose pages go through <see cref="NginxFront"/> (https://netacademy.test:port, which
/// Chromium resolves to 127.0.0.1), with the server trusting nginx's loopback address as its proxy and the real
/// per-address limit on sign-in posts.
/// </summary>
public sealed class ProxyFixture : BrowserFixture
{
    /// <summary>Sign-in, sign-up and setup posts per client address per minute on this server.</summary>
    public const int FormPostsPerMinute = 6;

    /// <summary>nginx in front of the server.</summary>
    public NginxFront Front { get; private set; } = null!;

    /// <inheritdoc />
    public override Uri SiteAddress => Front.SiteAddress;

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ServerSettings { get; } = new Dictionary<string, string>
    {
        ["Proxy__KnownProxies"] = "127.0.0.1",
        ["Accounts__FormPostsPerMinute"] = FormPostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <inheritdoc />
    protected override IReadOnlyList<string> BrowserArgs { get; } = [.. ChromiumArgs, $"--host-resolver-rules=MAP {NginxFront.HostName} 127.0.0.1"];

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Front = await NginxFront.StartAsync(Server.BaseAddress);
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (Front is not null)
        {
            await Front.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
