using System.Diagnostics;
using NetAcademy.Benchmarks.Infrastructure;

namespace NetAcademy.Benchmarks.Classroom;

/// <summary>
/// What one simulated learner does, timed step by step: press Start and wait for Ready, open the terminal, start a
/// capture, type at a person's pace (each keystroke's echo timed), make the two namespaces of the first task, press
/// Check, stop the capture and the lab.
/// </summary>
internal sealed class LearnerScript
{
    public const string Lesson = "/courses/linux-networking/veth-pairs";
    public const string Node = "host1";

    private readonly Uri _server;
    private readonly int _keys;
    private readonly TimeSpan _keyInterval;

    public LearnerScript(Uri server, int keys, TimeSpan keyInterval)
    {
        _server = server;
        _keys = keys;
        _keyInterval = keyInterval;
    }

    /// <summary>What one learner measured (milliseconds); <see cref="Error"/> set when a step failed.</summary>
    public sealed class Result
    {
        public double StartMs { get; set; } = double.NaN;
        public double CaptureStartMs { get; set; } = double.NaN;
        public double CheckMs { get; set; } = double.NaN;
        public double StopMs { get; set; } = double.NaN;
        public bool CheckPassed { get; set; }
        public List<double> RoundTrips { get; } = [];

        /// <summary>When each key of <see cref="RoundTrips"/> was sent (<see cref="Stopwatch.GetTimestamp"/>).</summary>
        public List<long> KeySentAt { get; } = [];

        /// <summary>From pressing StartCapture until it listened.</summary>
        public (long From, long To) Capturing { get; set; }

        /// <summary>From the last timed key until the lab was stopped: commands, Check, capture stop, Stop.</summary>
        public (long From, long To) Finishing { get; set; }
        public string? Error { get; set; }
    }

    /// <summary>
    /// Starts the lab and waits for Ready, then waits at <paramref name="allReady"/> so that every learner types while
    /// every lab runs (the load a class puts on the server), then does the rest.
    /// </summary>
    public async Task<Result> RunAsync(int index, ClassGate allReady, Action<string> log, CancellationToken ct)
    {
        var result = new Result();
        var arrived = false;
        await using var learner = WebLearner.Create(_server);
        try
        {
            var clock = Stopwatch.StartNew();
            await learner.StartLabAsync(Lesson, ct);
            await learner.ConnectAsync(ct);
            await learner.WaitForStateAsync("Ready", TimeSpan.FromMinutes(5), ct);
            result.StartMs = clock.Elapsed.TotalMilliseconds;
            await using var terminal = await learner.OpenTerminalAsync(Node, ct);
            await EchoProbe.WaitForAsync(terminal, "# ", TimeSpan.FromSeconds(60), ct);
            arrived = true;
            allReady.Signal();
            await allReady.Opened.WaitAsync(ct);

            clock.Restart();
            var captureFrom = Stopwatch.GetTimestamp();
            var capture = (await learner.InvokeAsync("StartCapture", [learner.SessionId, Node, null, "eth0", null], ct)).GetString()!;
            result.CaptureStartMs = clock.Elapsed.TotalMilliseconds;
            result.Capturing = (captureFrom, Stopwatch.GetTimestamp());

            // Spread the learners' keystrokes over the interval, so they do not all type in step.
            var random = new Random(index);
            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * _keyInterval.TotalMilliseconds), ct);
            await EchoProbe.ResetLineAsync(terminal, ct);
            for (var i = 0; i < _keys; i++)
            {
                var sentAt = Stopwatch.GetTimestamp();
                result.RoundTrips.Add(await EchoProbe.RoundTripAsync(terminal, i + 1, ct));
                result.KeySentAt.Add(sentAt);
                await Task.Delay(TimeSpan.FromMilliseconds(_keyInterval.TotalMilliseconds * (0.5 + random.NextDouble())), ct);
            }
            var finishingFrom = Stopwatch.GetTimestamp();
            result.Finishing = (finishingFrom, long.MaxValue);

            await terminal.SendAsync("\u0015ip netns add red; ip netns add blue; echo made-$((6*7))\r", ct);
            await EchoProbe.WaitForAsync(terminal, "made-42", TimeSpan.FromSeconds(60), ct);
            clock.Restart();
            var outcome = await learner.InvokeAsync("Check", [learner.SessionId, "make-namespaces"], ct);
            result.CheckMs = clock.Elapsed.TotalMilliseconds;
            result.CheckPassed = outcome.GetProperty("passed").GetBoolean();
            await learner.InvokeAsync("StopCapture", [learner.SessionId, capture], ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            result.Error = $"{ex.GetType().Name}: {ex.Message}";
            log($"learner {index}: {result.Error}");
            if (!arrived)
            {
                // Lets the others go on: the class does not wait for a learner whose lab never came up.
                allReady.Signal();
            }
        }
        finally
        {
            if (learner.SessionId.Length > 0 && learner.Hub is not null && learner.Hub.ClosedWith is null)
            {
                var stop = Stopwatch.StartNew();
                try
                {
                    await learner.InvokeAsync("Stop", [learner.SessionId], CancellationToken.None);
                    await learner.WaitForStateAsync("Stopped", TimeSpan.FromMinutes(2), CancellationToken.None);
                    result.StopMs = stop.Elapsed.TotalMilliseconds;
                    if (result.Finishing.From != 0)
                    {
                        result.Finishing = (result.Finishing.From, Stopwatch.GetTimestamp());
                    }
                }
                catch (Exception ex) when (ex is HubErrorException or TimeoutException or InvalidOperationException)
                {
                    result.Error ??= $"stop: {ex.Message}";
                }
            }
        }
        return result;
    }
}
