using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace NetAcademy.Content.Catalog;

/// <summary>
/// Holds the current <see cref="ContentCatalog"/> and, when <see cref="ContentOptions.WatchForChanges"/> is on,
/// reloads it after files under the content, labs or images folders change. Reloads are debounced and run one
/// at a time; the new snapshot replaces the old one atomically, so readers always see a whole catalog.
/// </summary>
public sealed partial class ContentCatalogProvider : IHostedService, IDisposable
{
    private readonly ContentOptions _options;
    private readonly ILogger<ContentCatalogProvider> _logger;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly Lock _initialLoadLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _debounce;
    private ContentCatalog? _current;
    private CancellationTokenSource _changeSource = new();
    private bool _disposed;

    /// <summary>Creates the provider; nothing is loaded or watched until first use or <see cref="StartAsync"/>.</summary>
    public ContentCatalogProvider(IOptions<ContentOptions> options, ILogger<ContentCatalogProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        _debounce = new Timer(_ => _ = ReloadInBackgroundAsync(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Raised after a reload has made a new catalog current.</summary>
    public event EventHandler<ContentCatalogChangedEventArgs>? Changed;

    /// <summary>
    /// The current snapshot. The first access before <see cref="StartAsync"/> loads synchronously, so the value
    /// is never a half-built catalog.
    /// </summary>
    public ContentCatalog Current
    {
        get
        {
            var current = Volatile.Read(ref _current);
            if (current is not null)
            {
                return current;
            }

            lock (_initialLoadLock)
            {
                if (_current is null)
                {
                    Publish(LoadLogged(CancellationToken.None), raise: false);
                }

                return _current!;
            }
        }
    }

    /// <summary>A token that fires at the next reload; get a new one after it fires.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changeSource).Token);

    /// <summary>Loads the catalog again now and makes it current.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var catalog = await Task.Run(() => LoadLogged(cancellationToken), cancellationToken).ConfigureAwait(false);
            Publish(catalog, raise: true);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    /// <summary>Loads the catalog (unless already loaded) and starts watching the folders.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _current) is null)
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_options.WatchForChanges)
        {
            StartWatching();
        }
    }

    /// <summary>Stops watching; the current catalog stays available.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        StopWatching();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        StopWatching();
        _stopping.Cancel();
        _debounce.Dispose();
        _stopping.Dispose();
        _reloadGate.Dispose();
    }

    private ContentCatalog LoadLogged(CancellationToken cancellationToken)
    {
        var catalog = ContentCatalog.Load(_options, cancellationToken);
        LogLoaded(_logger, catalog.Courses.Count, catalog.Labs.Count, catalog.Errors.Count);
        foreach (var error in catalog.Errors)
        {
            LogContentError(_logger, error.File, error.Line, error.Column, error.Message);
        }

        return catalog;
    }

    private void Publish(ContentCatalog catalog, bool raise)
    {
        Volatile.Write(ref _current, catalog);
        var previous = Interlocked.Exchange(ref _changeSource, new CancellationTokenSource());
        previous.Cancel();
        if (raise)
        {
            Changed?.Invoke(this, new ContentCatalogChangedEventArgs(catalog));
        }
    }

    private void StartWatching()
    {
        lock (_watchers)
        {
            if (_watchers.Count > 0)
            {
                return;
            }

            foreach (var root in new[] { _options.ContentRoot, _options.LabsRoot, _options.ImagesRoot }.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
            {
                if (!Directory.Exists(root))
                {
                    LogNotWatched(_logger, root);
                    continue;
                }

                var watcher = new FileSystemWatcher(root)
                {
                    IncludeSubdirectories = true,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                };
                watcher.Changed += OnFileEvent;
                watcher.Created += OnFileEvent;
                watcher.Deleted += OnFileEvent;
                watcher.Renamed += OnFileEvent;
                watcher.Error += OnWatcherError;
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
        }
    }

    private void StopWatching()
    {
        lock (_watchers)
        {
            foreach (var watcher in _watchers)
            {
                watcher.EnableRaisingEvents = false;
                watcher.Dispose();
            }

            _watchers.Clear();
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => ScheduleReload();

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        // The buffer overflowed or the folder went away: changes were lost, so reload everything.
        LogWatcherError(_logger, e.GetException());
        ScheduleReload();
    }

    private void ScheduleReload()
    {
        if (!_disposed)
        {
            try
            {
                _debounce.Change(_options.ReloadDelayMilliseconds, Timeout.Infinite);
            }
            catch (ObjectDisposedException)
            {
                // Disposed between the check and the call; nothing to reload any more.
            }
        }
    }

    private async Task ReloadInBackgroundAsync()
    {
        try
        {
            await ReloadAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception ex)
        {
            // A reload must never take the process down; the previous catalog keeps serving.
            LogReloadFailed(_logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Content loaded: {CourseCount} courses, {LabCount} labs, {ErrorCount} errors")]
    private static partial void LogLoaded(ILogger logger, int courseCount, int labCount, int errorCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content error {File}:{Line}:{Column}: {Message}")]
    private static partial void LogContentError(ILogger logger, string file, int line, int column, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not watching {Folder}: it does not exist")]
    private static partial void LogNotWatched(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File watcher failed; reloading content")]
    private static partial void LogWatcherError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Content reload failed; the previous catalog stays current")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
