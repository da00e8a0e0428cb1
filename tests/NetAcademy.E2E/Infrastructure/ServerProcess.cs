using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NetAcademy.E2E.Infrastructure;

/// <summary>
/// The real NetAcademy server started as its own process on a free loopback port, with its own lab
/// instance name (so its cleanup touches nothing else) and its own data directory.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, Uri baseAddress, string instance, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        Instance = instance;
        DataDirectory = dataDirectory;
    }

    /// <summary>Where the server listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The lab instance label of this server's sessions.</summary>
    public string Instance { get; }

    /// <summary>The server's data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Log { get { lock (_log) { return _log.ToString(); } } }

    /// <summary>Starts the server and waits until it answers /healthz.</summary>
    public static async Task<ServerProcess> StartAsync(string instance, string? dataDirectory = null, IDictionary<string, string>? settings = null)
    {
        if (!File.Exists(RepositoryPaths.WebDll))
        {
            throw new InvalidOperationException($"The web app is not built: {RepositoryPaths.WebDll} is missing. Run deploy/setup.sh first.");
        }
        dataDirectory ??= Directory.CreateTempSubdirectory("netacademy-e2e-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepositoryPaths.WebDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "src", "NetAcademy.Web"));
        info.Environment["NetAcademy__Root"] = RepositoryPaths.Root;
        info.Environment["NetAcademy__DataDirectory"] = dataDirectory;
        info.Environment["Labs__Instance"] = instance;
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
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(60));
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
            _log.AppendLine(line);
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
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
                using var response = await http.GetAsync(new Uri(BaseAddress, "healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The server did not become healthy within {timeout.TotalSeconds} s:\n{Log}");
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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first: a graceful shutdown is what an operator does.
            _ = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
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
    }
}
