using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NetAcademy.Testing.Server;

/// <summary>
/// The real NetAcademy server (<see cref="RepositoryPaths.WebDll"/>) started as its own process on a free loopback
/// port, with its own lab instance name (so its start-up reconcile and the caller's cleanup touch nothing else)
/// and its own data directory. Disposing stops it gracefully; running sessions stay for the next server of the
/// same instance to adopt, so callers stop theirs first.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int LogLimit = 1_000_000;
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly bool _ownsDataDirectory;

    private ServerProcess(Process process, Uri baseAddress, string instance, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        Instance = instance;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    /// <summary>Where the server listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The <c>netacademy.instance</c> label on this server's containers and networks.</summary>
    public string Instance { get; }

    /// <summary>The server's data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The server's process id (for CPU and memory readings).</summary>
    public int Pid => _process.Id;

    /// <summary>What the server printed so far, for failure messages (the last megabyte or so of a long run).</summary>
    public string Log { get { lock (_log) { return _log.ToString(); } } }

    /// <summary>Starts the server and waits until it answers /healthz.</summary>
    /// <param name="instance">The lab instance name (<c>Labs:Instance</c>).</param>
    /// <param name="dataDirectory">
    /// The data directory, kept on dispose (a second server can then take over the first one's data); by default a
    /// new temporary directory, deleted on dispose.
    /// </param>
    /// <param name="settings">More configuration as environment variables (e.g. <c>Accounts__AllowGuests=true</c>).</param>
    /// <param name="ct">Cancels the wait for /healthz (the process is then stopped).</param>
    /// <exception cref="InvalidOperationException">The web app is not built, or the server exited while starting.</exception>
    /// <exception cref="TimeoutException">The server did not answer /healthz within 90 s.</exception>
    public static async Task<ServerProcess> StartAsync(string instance, string? dataDirectory = null, IDictionary<string, string>? settings = null,
        CancellationToken ct = default)
    {
        var dll = RepositoryPaths.WebDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The web app is not built: {dll} is missing. Run `dotnet build src/NetAcademy.Web -c {RepositoryPaths.Configuration}` first.");
        }
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("netacademy-server-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", Path.Combine(RepositoryPaths.Root, "src", "NetAcademy.Web") })
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["NetAcademy__Root"] = RepositoryPaths.Root;
        info.Environment["NetAcademy__DataDirectory"] = dataDirectory;
        info.Environment["Labs__Instance"] = instance;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), instance, dataDirectory, ownsDataDirectory);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(90), ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            // Bounded: a long run logs every session start; the tail is what explains a failure.
            if (_log.Length > LogLimit)
            {
                _log.Remove(0, LogLimit / 2);
            }
            _log.AppendLine(line);
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Log}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "healthz"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"The server did not answer /healthz within {timeout.TotalSeconds} s:\n{Log}");
    }

    /// <summary>Kills the server at once (like kill -9), leaving its sessions running.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGTERM (a graceful stop, what an operator does), then a kill after 30 s; deletes a data directory it made.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
