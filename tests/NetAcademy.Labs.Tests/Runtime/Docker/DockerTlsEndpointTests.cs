using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Tests.Support;
using NetAcademy.Testing.Runtime;

namespace NetAcademy.Labs.Tests.Runtime.Docker;

/// <summary>
/// A remote engine behind TLS with client certificates (<c>Docker:Endpoint=tcp://...</c>, <c>Docker:TlsCertPath</c>),
/// as dockerd's own <c>--tlsverify</c> listener serves it: a TLS endpoint on loopback in this process that demands a
/// client certificate signed by a test CA and passes the bytes to the engine under test. The runtime negotiates
/// through it and runs a program in a node; without the client certificate, or with a CA that did not sign the
/// endpoint's certificate, the engine cannot be used and the status says so.
/// </summary>
[Trait("Category", "EngineMatrix")]
public sealed class DockerTlsEndpointTests : IClassFixture<RuntimeFixture>, IAsyncLifetime
{
    private readonly RuntimeFixture _fixture;
    private readonly string _certs = Directory.CreateTempSubdirectory("netacademy-tls-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private TcpListener _listener = null!;
    private Task _accept = Task.CompletedTask;
    private X509Certificate2 _ca = null!;

    public DockerTlsEndpointTests(RuntimeFixture fixture) => _fixture = fixture;

    private string Endpoint => $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public Task InitializeAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=NetAcademy test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var server = Issue("CN=127.0.0.1", serverAuth: true);
        var client = Issue("CN=netacademy-client", serverAuth: false);
        File.WriteAllText(Path.Combine(_certs, "ca.pem"), _ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_certs, "cert.pem"), client.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_certs, "key.pem"), client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var serverWithKey = X509CertificateLoader.LoadPkcs12(server.Export(X509ContentType.Pkcs12), null);
        _accept = Task.Run(() => AcceptAsync(serverWithKey));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept.ContinueWith(_ => { }, TaskScheduler.Default);
        Directory.Delete(_certs, recursive: true);
    }

    [Fact]
    public async Task GetStatusAsync_TcpEndpointWithClientCertificate_NegotiatesAndRunsAProgramInANode()
    {
        using var engine = Engine(_certs);
        var session = SessionId.New();
        await _fixture.Runtime.StartAsync(new SessionSpec(session, "tls", TestLabs.TwoNodes(subnet: "10.95.0.0/24", prefix: "10.95.0")), new Progress<StartProgress>(), CancellationToken.None);
        try
        {
            var status = await engine.GetStatusAsync(CancellationToken.None);
            var local = await _fixture.Engine.GetStatusAsync(CancellationToken.None);
            Assert.True(status.Available, status.Problem);
            Assert.Equal(Endpoint, status.Endpoint);
            Assert.Equal(local.EngineVersion, status.EngineVersion);
            Assert.Equal(local.ApiVersion, status.ApiVersion);

            var result = await new DockerExec(engine).RunAsync(LabLabels.ContainerName(session.Value, "a"), "a", ["hostname"], null,
                TimeSpan.FromSeconds(20), 4096, CancellationToken.None);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("a", result.Stdout.Trim());
        }
        finally
        {
            await _fixture.Runtime.StopAsync(session, CancellationToken.None);
        }
    }

    [Fact]
    public async Task GetStatusAsync_TlsEndpointWithoutClientCertificate_IsUnavailableWithReason()
    {
        using var engine = Engine(null);

        var status = await engine.GetStatusAsync(CancellationToken.None);

        Assert.False(status.Available);
        Assert.StartsWith($"The container engine at {Endpoint} cannot be reached", status.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_EndpointCertificateNotSignedByTheConfiguredCa_IsUnavailable()
    {
        var other = Directory.CreateTempSubdirectory("netacademy-tls-other-").FullName;
        try
        {
            foreach (var file in new[] { "cert.pem", "key.pem" })
            {
                File.Copy(Path.Combine(_certs, file), Path.Combine(other, file));
            }
            using var otherKey = RSA.Create(2048);
            var otherCa = new CertificateRequest("CN=Someone else's CA", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(Path.Combine(other, "ca.pem"), otherCa.ExportCertificatePem());
            using var engine = Engine(other);

            var status = await engine.GetStatusAsync(CancellationToken.None);

            Assert.False(status.Available);
            Assert.StartsWith($"The container engine at {Endpoint} cannot be reached: the TLS handshake failed", status.Problem, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    private DockerEngine Engine(string? certs) =>
        new(Options.Create(new DockerOptions { Endpoint = Endpoint, TlsCertPath = certs }), NullLogger<DockerEngine>.Instance);

    private X509Certificate2 Issue(string subject, bool serverAuth)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(_ca, DateTimeOffset.UtcNow.AddMinutes(-5), _ca.NotAfter.AddHours(-1), serial);
        return issued.CopyWithPrivateKey(key);
    }

    // dockerd --tlsverify in miniature: TLS with a required client certificate that chains to the CA, then the bytes
    // go to the engine under test as they are.
    private async Task AcceptAsync(X509Certificate2 serverCertificate)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client, serverCertificate));
        }
    }

    private async Task ServeAsync(TcpClient client, X509Certificate2 serverCertificate)
    {
        using var _ = client;
        try
        {
            await using var tls = new SslStream(client.GetStream(), false, ValidateClient);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = serverCertificate,
                ClientCertificateRequired = true,
            }, _stop.Token);
            using var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await engine.ConnectAsync(new UnixDomainSocketEndPoint(TestRuntime.Endpoint["unix://".Length..]), _stop.Token);
            await using var engineStream = new NetworkStream(engine, ownsSocket: false);
            var up = tls.CopyToAsync(engineStream, _stop.Token);
            var down = engineStream.CopyToAsync(tls, _stop.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            // A client that failed the handshake (the point of two tests), or a connection that ended.
        }
    }

    private bool ValidateClient(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }
        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.Add(_ca);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return verify.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
