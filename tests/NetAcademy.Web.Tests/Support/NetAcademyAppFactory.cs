using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace NetAcademy.Web.Tests.Support;

/// <summary>
/// The real web app in memory over a given data directory (and database settings), with its own lab
/// instance name so its background reconcile touches no one's containers, and its log kept for assertions.
/// </summary>
public sealed class NetAcademyAppFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <summary>Creates the factory; <paramref name="settings"/> are configuration keys such as "Accounts:SignUp".</summary>
    public NetAcademyAppFactory(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _dataDirectory = dataDirectory;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    /// <summary>Every log message written so far.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("NetAcademy:DataDirectory", _dataDirectory);
        builder.UseSetting("Labs:Instance", "webtests-" + Guid.NewGuid().ToString("n")[..8]);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(new ListLoggerProvider(Log)));
    }

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private sealed class ListLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(sink);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue(formatter(state, exception));
    }
}
