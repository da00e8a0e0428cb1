using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// The real NetAcademy server as its own process on a free loopback port, with its own lab instance name (its
/// start-up reconcile and our cleanup touch nothing else) and a temporary data directory. Guests are allowed,
/// so a plain HTTP client gets an identity from its first Start without signing up.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly string _dataDirectory;

    private ServerProcess(Process process, Uri baseAddress, string instance, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        Instance = instance;
        _dataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    /// <summary>The <c>netacademy.instance</c> label on this server's containers and networks.</summary>
    public string Instance { get; }

    public int Pid => _process.Id;

    /// <summary>What the server printed (kept for failure messages).</summary>
    public string Log { get { lock (_log) { return _log.ToString(); } } }

    public static async Task<ServerProcess> StartAsync(string instance, IDictionary<string, string>? settings, CancellationToken ct)
    {
        var dll = RepositoryPaths.WebDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The web app is not built: {dll} is missing. Run `dotnet build src/NetAcademy.Web -c Release` first.");
        }
        var dataDirectory = Directory.CreateTempSubdirectory("netacademy-bench-").FullName;
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
        info.Environment["Accounts__AllowGuests"] = "true";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), instance, dataDirectory);
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
            if (_log.Length > 1_000_000)
            {
                _log.Remove(0, 500_000);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGTERM (a graceful stop; running sessions stay for the next start to adopt, so callers stop theirs first), then a kill after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
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
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
