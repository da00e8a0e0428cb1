using System.Diagnostics;
using System.Globalization;

namespace NetAcademy.Testing.Fuzzing;

/// <summary>
/// Runs a target over mutated inputs for a time budget: a few seconds in the normal suite, longer on demand
/// with NETACADEMY_FUZZ_SECONDS. Each input comes from its own seed (run seed mixed with the iteration), so a
/// failure names the run seed, the iteration and a file holding the input; NETACADEMY_FUZZ_SEED replays a run.
/// The run seed is random, except under CI=true, where it is <see cref="CiSeed"/>.
/// </summary>
public static class FuzzLoop
{
    /// <summary>Seconds per target, overriding the default budget.</summary>
    public const string SecondsVariable = "NETACADEMY_FUZZ_SECONDS";

    /// <summary>A run seed to replay.</summary>
    public const string SeedVariable = "NETACADEMY_FUZZ_SEED";

    /// <summary>The run seed when CI=true and no seed is given.</summary>
    public const int CiSeed = 20261121;

    /// <summary>Feeds inputs from <paramref name="mutator"/> to <paramref name="target"/> until the budget is spent.</summary>
    /// <returns>How many inputs were tried (so a test can insist the loop did real work).</returns>
    /// <exception cref="Xunit.Sdk.XunitException">The target threw; the message tells how to replay.</exception>
    public static int Run(string name, Mutator mutator, Action<byte[]> target, double defaultSeconds = 3) =>
        RunAsync(name, mutator, input =>
        {
            target(input);
            return Task.CompletedTask;
        }, defaultSeconds).GetAwaiter().GetResult();

    /// <summary>As <see cref="Run"/>, for an asynchronous target.</summary>
    public static async Task<int> RunAsync(string name, Mutator mutator, Func<byte[], Task> target, double defaultSeconds = 3)
    {
        var seconds = double.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
            ? s
            : defaultSeconds;
        var seed = RunSeed();
        var clock = Stopwatch.StartNew();
        var iteration = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var input = mutator.Next(new Random(InputSeed(seed, iteration)));
            try
            {
                await target(input);
            }
            catch (Exception ex)
            {
                var file = Path.Combine(Path.GetTempPath(), $"netacademy-fuzz-{name}-{seed}-{iteration}.bin");
                await File.WriteAllBytesAsync(file, input);
                throw new Xunit.Sdk.XunitException(
                    $"Fuzz target '{name}' threw {ex.GetType().Name} on iteration {iteration} of seed {seed} " +
                    $"(replay: {SeedVariable}={seed}; input saved to {file}):\n{ex}");
            }
            iteration++;
        }
        return iteration;
    }

    // CI runs a fixed seed so that a red build is a regression, not a new find by a random run; a new find
    // belongs to a developer's exploration run (any other machine picks a random seed each run).
    private static int RunSeed()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fixedSeed))
        {
            return fixedSeed;
        }

        return string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? CiSeed
            : Random.Shared.Next();
    }

    // HashCode.Combine is salted per process, which made the replay seed in a failure message useless; this
    // mix gives the same input seed for the same run seed and iteration in every process.
    private static int InputSeed(int seed, int iteration) =>
        unchecked((int)(((uint)seed * 0x9E3779B1u) ^ ((uint)iteration * 0x85EBCA77u)));
}
