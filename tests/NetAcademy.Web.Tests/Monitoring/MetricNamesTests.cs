using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Core.Diagnostics;
using NetAcademy.Testing.Server;

namespace NetAcademy.Web.Tests.Monitoring;

/// <summary>
/// The Grafana dashboard (deploy/grafana/netacademy.json) and README's metric table name the metrics the platform
/// really has: every instrument of <see cref="NetAcademyMetrics"/>, in its Prometheus form.
/// </summary>
public sealed partial class MetricNamesTests
{
    [Fact]
    public void DashboardAndReadme_NameOnlyAndAllTheInstruments()
    {
        var names = PrometheusNames();
        var dashboard = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "netacademy.json"));
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

        var used = MetricName().Matches(dashboard).Select(m => Suffix().Replace(m.Value, "")).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(used.Except(names));
        Assert.Empty(names.Except(used));
        Assert.All(names, n => Assert.Contains($"`{n}`", readme, StringComparison.Ordinal));
    }

    /// <summary>The instruments as the Prometheus exporter names them: dots to underscores, seconds and counter suffixes.</summary>
    private static HashSet<string> PrometheusNames()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<NetAcademyMetrics>().BuildServiceProvider();
        var metrics = services.GetRequiredService<NetAcademyMetrics>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name != NetAcademyMetrics.MeterName || instrument.Meter.Scope is null)
                {
                    return;
                }
                var name = instrument.Name.Replace('.', '_');
                if (instrument.Unit == "s")
                {
                    name += "_seconds";
                }
                if (instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal))
                {
                    name += "_total";
                }
                names.Add(name);
            },
        };
        listener.Start();
        Assert.NotNull(metrics);
        Assert.True(names.Count >= 10, string.Join(", ", names));
        return names;
    }

    [GeneratedRegex("netacademy_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|count|sum)$")]
    private static partial Regex Suffix();
}
