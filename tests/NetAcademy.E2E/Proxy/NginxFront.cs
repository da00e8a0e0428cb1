using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace NetAcademy.E2E.Proxy;

/// <summary>
/// Debian's nginx in front of a server, as deploy/nginx/netacademy.conf puts it in production: that file rendered into
/// a temporary folder with loopback ports instead of 80 and 443, a self-signed certificate made with openssl for
/// <see cref="HostName"/>, and the server's address as the upstream. One process (master_process off), run as the
/// caller on unprivileged ports; disposing kills it and deletes the folder.
/// </summary>
public sealed class NginxFront : IAsyncDisposable
{
    /// <summary>The host name the front serves (the certificate's name); clients map it to 127.0.0.1.</summary>
    public const string HostName = "netacademy.test";

    /// <summary>The production site file the front is rendered from.</summary>
    public static string SiteFile => Path.Combine(RepositoryPaths.Root, "deploy", "nginx", "netacademy.conf");

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log = new();

    private NginxFront(Process process, string folder, int httpPort, int httpsPort, string certificateHash)
    {
        CertificateHash = certificateHash;
        _process = process;
        _folder = folder;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    /// <summary>nginx's plain HTTP port (it only redirects).</summary>
    public int HttpPort { get; }

    /// <summary>nginx's HTTPS port.</summary>
    public int HttpsPort { get; }

    /// <summary>The site as a browser opens it: https://netacademy.test:port/.</summary>
    public Uri SiteAddress => new($"https://{HostName}:{HttpsPort}/");

    /// <summary>The site's origin as a browser sends it in the Origin header.</summary>
    public string Origin => $"https://{HostName}:{HttpsPort}";

    /// <summary>The SHA-1 hash (hex) of the front's self-signed certificate, for clients that pin it.</summary>
    public string CertificateHash { get; }

    /// <summary>What nginx printed (errors, warnings).</summary>
    public string Log { get { lock (_log) { return _log.ToString(); } } }

    /// <summary>Renders the site file for <paramref name="app"/>, makes the certificate and starts nginx; waits until it accepts connections.</summary>
    /// <exception cref="InvalidOperationException">nginx or openssl is missing, the site file no longer has a line the rendering replaces, or nginx exited.</exception>
    public static async Task<NginxFront> StartAsync(Uri app)
    {
        const string nginx = "/usr/sbin/nginx";
        if (!File.Exists(nginx) || !File.Exists("/usr/bin/openssl"))
        {
            throw new InvalidOperationException("nginx and openssl are not installed (/usr/sbin/nginx, /usr/bin/openssl). Run deploy/setup.sh --with-test-tools.");
        }
        var folder = Directory.CreateTempSubdirectory("netacademy-nginx-").FullName;
        var cert = Path.Combine(folder, "cert.pem");
        var key = Path.Combine(folder, "key.pem");
        await RunAsync("/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", $"/CN={HostName}", "-addext", $"subjectAltName=DNS:{HostName}");
        var httpPort = FreePort();
        var httpsPort = FreePort();
        var site = Render(await File.ReadAllTextAsync(SiteFile), app, httpPort, httpsPort, cert, key);
        foreach (var temp in new[] { "body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            Directory.CreateDirectory(Path.Combine(folder, temp));
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            pid {{folder}}/nginx.pid;
            error_log stderr warn;
            events { worker_connections 256; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                # deploy/nginx/netacademy.conf, rendered:
            {{site}}
            }
            """);
        var info = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", folder + "/", "-c", Path.Combine(folder, "nginx.conf"), "-e", "stderr" })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start.");
        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(cert));
        var front = new NginxFront(process, folder, httpPort, httpsPort, certificate.GetCertHashString());
        process.OutputDataReceived += (_, e) => front.Append(e.Data);
        process.ErrorDataReceived += (_, e) => front.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await front.WaitListeningAsync();
        }
        catch
        {
            await front.DisposeAsync();
            throw;
        }
        return front;
    }

    /// <summary>
    /// The site file with test ports, certificate and upstream. Every replaced line must be there as written: a changed
    /// site file fails here rather than testing something else.
    /// </summary>
    public static string Render(string site, Uri app, int httpPort, int httpsPort, string cert, string key)
    {
        var replacements = new (string From, string To)[]
        {
            ("server 127.0.0.1:5000;", $"server 127.0.0.1:{app.Port};"),
            ("listen 80;", $"listen 127.0.0.1:{httpPort};"),
            ("listen [::]:80;", ""),
            ("listen 443 ssl;", $"listen 127.0.0.1:{httpsPort} ssl;"),
            ("listen [::]:443 ssl;", ""),
            ("server_name academy.example.org;", $"server_name {HostName};"),
            ("/etc/ssl/netacademy/fullchain.pem", cert),
            ("/etc/ssl/netacademy/privkey.pem", key),
            // The redirect keeps the test's HTTPS port.
            ("return 301 https://$host$request_uri;", $"return 301 https://$host:{httpsPort}$request_uri;"),
        };
        foreach (var (from, to) in replacements)
        {
            if (!site.Contains(from, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{SiteFile} has no '{from}' any more; update {nameof(NginxFront)}.{nameof(Render)}.");
            }
            site = site.Replace(from, to, StringComparison.Ordinal);
        }
        return site;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}:\n{Log}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, HttpsPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"nginx did not listen on {HttpsPort} within 30 s:\n{Log}");
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}{await errors}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills nginx (one process: master_process off), waits for it and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
