using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Web.Tests.Monitoring;

namespace NetAcademy.Web.Tests.Api;

/// <summary>
/// /openapi/v1.json describes every route the app maps under /api (taken from the app's own endpoint data source, so a
/// new endpoint without a description fails here), with its error answers, and nothing outside /api.
/// </summary>
public sealed class OpenApiTests : IAsyncLifetime
{
    private MonitoredSite _site = null!;

    public Task InitializeAsync()
    {
        _site = new MonitoredSite();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Document_AnonymousGet_DescribesEveryMappedApiRouteWithItsErrors()
    {
        using var anonymous = _site.App.CreateBrowser();
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");

        var mapped = _site.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("api/", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => ("/" + e.RoutePattern.RawText!.TrimStart('/'), method.ToLowerInvariant())))
            .Distinct()
            .ToList();

        Assert.True(mapped.Count >= 3, $"only {mapped.Count} /api routes found: {string.Join(", ", mapped)}");
        var missing = mapped.Where(r => !paths.TryGetProperty(r.Item1, out var item) || !item.TryGetProperty(r.Item2, out _)).ToList();
        Assert.True(missing.Count == 0, "not in /openapi/v1.json: " + string.Join(", ", missing.Select(m => $"{m.Item2.ToUpperInvariant()} {m.Item1}")));
        foreach (var (path, method) in mapped)
        {
            var responses = paths.GetProperty(path).GetProperty(method).GetProperty("responses");
            Assert.True(responses.TryGetProperty("401", out _), $"{method} {path} does not document 401");
            if (path.StartsWith("/api/admin/", StringComparison.Ordinal))
            {
                Assert.True(responses.TryGetProperty("403", out _), $"{method} {path} (for admins) does not document 403");
            }
            if (path.Contains('{', StringComparison.Ordinal))
            {
                // A route that names something answers 404 when there is no such thing (or it is someone else's).
                Assert.True(responses.TryGetProperty("404", out var notFound), $"{method} {path} does not document 404");
                Assert.Equal("#/components/schemas/ApiError",
                    notFound.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
            }
        }
        // Only the API: no pages, hubs, health or metrics.
        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/api/", p.Name, StringComparison.Ordinal));
        Assert.Equal(mapped.Select(m => m.Item1).Distinct().Order(StringComparer.Ordinal), paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApiError_IsWhatTheEndpointsAnswer()
    {
        using var learner = await _site.SignedInAsync("openapi-learner", NetAcademy.Web.Accounts.AccountRole.Learner);

        using var response = await learner.GetAsync("/api/sessions/0123456789abcdef0123");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["error"], body.RootElement.EnumerateObject().Select(p => p.Name));
    }
}
