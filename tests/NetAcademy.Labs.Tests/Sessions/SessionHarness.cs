using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Sessions;
using NetAcademy.Labs.Tests.Support;

namespace NetAcademy.Labs.Tests.Sessions;

/// <summary>
/// A <see cref="SessionManager"/> over the fixture's real runtime, with a manual clock, a directory of
/// labs built in code and options the test chooses. Stops what it started when disposed.
/// </summary>
public sealed class SessionHarness : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Creates a harness; <paramref name="configure"/> shortens limits.</summary>
    public SessionHarness(RuntimeFixture fixture, Action<LabsOptions>? configure = null, IEnumerable<Lab>? labs = null,
        IKernelFeatures? kernel = null, DockerLabRuntime? runtime = null)
    {
        Options = new LabsOptions { Instance = fixture.Instance, SetupTimeout = TimeSpan.FromSeconds(20) };
        configure?.Invoke(Options);
        Labs = new LabDirectory(labs ?? []);
        Runtime = runtime ?? fixture.Runtime;
        Manager = new SessionManager(Runtime, Labs, Microsoft.Extensions.Options.Options.Create(Options), Time,
            NullLogger<SessionManager>.Instance, kernel);
    }

    /// <summary>The options the manager was built with.</summary>
    public LabsOptions Options { get; }

    /// <summary>The clock.</summary>
    public ManualTimeProvider Time { get; } = new();

    /// <summary>The labs the manager can start.</summary>
    public LabDirectory Labs { get; }

    /// <summary>The runtime under the manager.</summary>
    public DockerLabRuntime Runtime { get; }

    /// <summary>The manager under test.</summary>
    public SessionManager Manager { get; }

    /// <summary>A one-node lab (node "a", no network) with its own id, optionally with a setup script.</summary>
    public static Lab OneNode(string id, string? setupScript = null, int memoryMiB = 128, int pids = 64, int nodes = 1)
    {
        var dir = Directory.CreateTempSubdirectory("netacademy-session-lab-").FullName;
        IReadOnlyList<string> setup = [];
        if (setupScript is not null)
        {
            File.WriteAllText(Path.Combine(dir, "setup.sh"), setupScript);
            setup = ["setup.sh"];
        }
        var list = Enumerable.Range(0, nodes)
            .Select(i => TestLabs.Node(((char)('a' + i)).ToString(), setup: i == 0 ? setup : [], memoryMiB: memoryMiB, pids: pids))
            .ToList();
        return new Lab(new LabId(id), id, "test", list, [], [], [], LabLimits.Default, dir);
    }

    /// <summary>Waits until the session has left Starting and returns its state.</summary>
    public static async Task<SessionState> WaitSettledAsync(LabSession session)
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        while (session.State == SessionState.Starting)
        {
            await Task.Delay(50, timeout.Token);
        }
        return session.State;
    }

    /// <summary>Waits until the session is ready, failing with its error otherwise.</summary>
    public static async Task WaitReadyAsync(LabSession session)
    {
        var state = await WaitSettledAsync(session);
        Assert.True(state == SessionState.Ready, $"The session is {state}: {session.Snapshot().Error}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Sessions still starting finish first, so that stopping them removes everything they made.
        foreach (var session in Manager.Sessions)
        {
            try
            {
                await WaitSettledAsync(session);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await Manager.StopAllAsync("test over", CancellationToken.None);
    }

    /// <summary>An <see cref="ILabDirectory"/> over a mutable set of labs.</summary>
    public sealed class LabDirectory(IEnumerable<Lab> labs) : ILabDirectory
    {
        private readonly Dictionary<LabId, Lab> _labs = labs.ToDictionary(l => l.Id);

        /// <summary>Adds or replaces a lab.</summary>
        public void Add(Lab lab) => _labs[lab.Id] = lab;

        /// <summary>Removes a lab, as when its folder is deleted.</summary>
        public void Remove(LabId id) => _labs.Remove(id);

        /// <inheritdoc />
        public Lab? FindLab(LabId id) => _labs.GetValueOrDefault(id);

        /// <inheritdoc />
        public IEnumerable<Lab> AllLabs => _labs.Values.ToList();
    }
}
