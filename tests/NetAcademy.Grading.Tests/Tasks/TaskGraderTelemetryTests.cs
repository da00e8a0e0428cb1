using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Core.Diagnostics;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Tasks;
using NetAcademy.Grading.Tests.Support;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.Tasks;

/// <summary>Each check is one span (<c>check.&lt;kind&gt;</c>) and one sample of <c>netacademy.check.duration</c> by kind and outcome.</summary>
public sealed class TaskGraderTelemetryTests
{
    [Fact]
    public async Task GradeAsync_PassingFailingAndErroredChecks_EachTracedAndRecordedWithItsOutcome()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<NetAcademyMetrics>().BuildServiceProvider();
        var metrics = services.GetRequiredService<NetAcademyMetrics>();
        var task = MakeTask("traced-task", [MakeCommand(["true"]), MakeCommand(["false"]), MakeCommand(["boom"])]);
        var shell = new FakeNodeShell().On("true", FakeNodeShell.Ok()).On("false", FakeNodeShell.Exit(1))
            .On(c => c.Argv[0] == "boom", _ => throw new ArgumentException("Node 'host9' is not part of this session."));
        var recorded = new ConcurrentQueue<(string Kind, string Outcome)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Only this test's meter: other tests' hosts publish instruments of the same name.
                if (instrument.Name == "netacademy.check.duration" && ReferenceEquals(instrument.Meter.Scope, services.GetRequiredService<IMeterFactory>()))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var all = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            recorded.Enqueue((all["kind"]!, all["outcome"]!));
        });
        meterListener.Start();
        var spans = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == NetAcademyMetrics.MeterName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetTagItem("netacademy.task") as string == "traced-task")
                {
                    spans.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);

        await new TaskGrader(CheckRegistry.CreateDefault(new GradingOptions(), NetAcademy.Grading.Tests.Traffic.TrafficCheckEvaluatorTests.Captures()), metrics).GradeAsync(task, Context(shell), default);

        Assert.Equal([("command", "passed"), ("command", "failed"), ("command", "error")], recorded.ToArray());
        Assert.Equal(["check.command", "check.command", "check.command"], spans.Select(s => s.OperationName));
        Assert.Equal(["passed", "failed", "error"], spans.Select(s => s.GetTagItem("netacademy.outcome") as string));
        Assert.Equal(ActivityStatusCode.Error, spans.Last().Status);
    }
}
