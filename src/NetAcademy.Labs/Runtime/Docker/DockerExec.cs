using System.Runtime.InteropServices;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// Programs in containers over the engine's exec API: run one to its end and collect bounded output, or start one
/// and hand back its output stream. Every failure of the engine surfaces as a <see cref="LabRuntimeException"/>.
/// </summary>
internal sealed class DockerExec
{
    /// <summary>Default bound on each of stdout and stderr collected by <see cref="RunAsync"/>: 1 MiB (node output is untrusted).</summary>
    public const int DefaultMaxOutputBytes = ExecResult.MaxOutputBytes;

    /// <summary>The environment variable that marks the processes of one <see cref="RunAsync"/>; its value is a random id.</summary>
    public const string MarkerVariable = "NETACADEMY_RUN";

    // The engine keeps a non-TTY exec's processes when its connection closes: a program blocked on a full output pipe
    // would wait there for ever. Every process still carrying the run's marker is killed instead.
    private const string KillScript =
        "for d in /proc/[0-9]*; do tr '\\0' '\\n' < \"$d/environ\" 2>/dev/null | grep -qx \"" + MarkerVariable + "=$1\" && kill -KILL \"${d#/proc/}\" 2>/dev/null; done; exit 0";

    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(5);

    private readonly DockerEngine _engine;

    public DockerExec(DockerEngine engine) => _engine = engine;

    /// <summary>
    /// Runs <paramref name="argv"/> without a TTY in <paramref name="container"/> and collects its output and exit code.
    /// Each stream is bounded by <paramref name="maxOutputBytes"/>: once either would pass it, reading stops, the
    /// connection is closed, every process of the run is killed (found by <see cref="MarkerVariable"/> in its
    /// environment: the engine would leave it blocked on its pipe) and the result says
    /// <see cref="DockerExecResult.Truncated"/> with exit code -1, so a program that prints without end costs at most the
    /// bound, not the timeout. When <paramref name="stdin"/> is given it is written and then closed. On timeout the
    /// result says so with exit code -1; the program loses its connection (the Engine API cannot signal an exec).
    /// </summary>
    /// <param name="container">Container name.</param>
    /// <param name="node">The node, for messages.</param>
    /// <param name="argv">Program and arguments, never a shell string.</param>
    /// <param name="stdin">Bytes for stdin, or null for none.</param>
    /// <param name="timeout">How long the program may run.</param>
    /// <param name="maxOutputBytes">Bound on each of stdout and stderr.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="NodeNotRunningException">The container does not exist or is not running.</exception>
    /// <exception cref="LabRuntimeException">The engine failed.</exception>
    public async Task<DockerExecResult> RunAsync(
        string container, string node, IReadOnlyList<string> argv, ReadOnlyMemory<byte>? stdin, TimeSpan timeout, int maxOutputBytes, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = new BoundedBuffer(maxOutputBytes);
        var stderr = new BoundedBuffer(maxOutputBytes);
        var client = await _engine.GetClientAsync(cancellationToken).ConfigureAwait(false);
        var marker = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        try
        {
            var (execId, started) = await CreateAndStartAsync(client, container, argv, stdin is not null, deadline.Token, [$"{MarkerVariable}={marker}"]).ConfigureAwait(false);
            Task writer;
            using (var stream = started)
            {
                // Write and read at once: a program may fill its output pipe before it has read all of its input.
                writer = stdin is { } input ? WriteAndCloseAsync(stream, input, deadline.Token) : Task.CompletedTask;
                var buffer = new byte[16 * 1024];
                while (true)
                {
                    var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, deadline.Token).ConfigureAwait(false);
                    if (read.EOF)
                    {
                        break;
                    }
                    var target = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
                    if (!target.Append(buffer.AsSpan(0, read.Count)))
                    {
                        // Past the bound: stop here. Disposing the stream hangs up on the program (and on a writer
                        // blocked on its stdin); its exit code is not waited for.
                        break;
                    }
                }
                if (!stdout.Truncated && !stderr.Truncated)
                {
                    await writer.ConfigureAwait(false);
                }
            }
            await writer.ConfigureAwait(false);
            if (stdout.Truncated || stderr.Truncated)
            {
                await KillAsync(container, node, marker).ConfigureAwait(false);
                return new DockerExecResult(-1, stdout.Decode(), stderr.Decode(), false, true);
            }
            var exitCode = await WaitForExitCodeAsync(client, execId, stdout.Decode() + stderr.Decode(), deadline.Token).ConfigureAwait(false);
            return new DockerExecResult(exitCode, stdout.Decode(), stderr.Decode(), false, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            return new DockerExecResult(-1, stdout.Decode(), stderr.Decode(), true, stdout.Truncated || stderr.Truncated);
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            throw DockerErrors.Translate(ex, _engine.Endpoint, node);
        }
    }

    /// <summary>Starts <paramref name="argv"/> without a TTY and returns its output stream at once.</summary>
    /// <exception cref="NodeNotRunningException">The container does not exist or is not running.</exception>
    /// <exception cref="LabRuntimeException">The engine failed.</exception>
    public async Task<INodeProcess> StartAsync(string container, string node, IReadOnlyList<string> argv, bool withInput, CancellationToken cancellationToken)
    {
        var client = await _engine.GetClientAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (_, stream) = await CreateAndStartAsync(client, container, argv, withInput, cancellationToken).ConfigureAwait(false);
            return new DockerNodeProcess(stream, withInput);
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            throw DockerErrors.Translate(ex, _engine.Endpoint, node);
        }
    }

    /// <summary>Kills every process of the run marked <paramref name="marker"/> (one whose output passed its bound).</summary>
    private async Task KillAsync(string container, string node, string marker)
    {
        try
        {
            await RunAsync(container, node, ["sh", "-c", KillScript, "kill", marker], null, KillTimeout, 4096, CancellationToken.None).ConfigureAwait(false);
        }
        catch (LabRuntimeException)
        {
            // The node or the engine is gone, and the program with it.
        }
    }

    /// <summary>Creates a non-TTY exec of <paramref name="argv"/> with stdout and stderr (and stdin when asked) and starts it.</summary>
    private static async Task<(string ExecId, MultiplexedStream Stream)> CreateAndStartAsync(
        DockerClient client, string container, IReadOnlyList<string> argv, bool withInput, CancellationToken cancellationToken, IList<string>? env = null)
    {
        if (argv.Count == 0)
        {
            throw new ArgumentException("An empty command cannot run.", nameof(argv));
        }
        var created = await client.Exec.CreateContainerExecAsync(container, new ContainerExecCreateParameters
        {
            Cmd = argv.ToList(),
            Env = env,
            AttachStdin = withInput,
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken).ConfigureAwait(false);
        var stream = await client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters(), cancellationToken).ConfigureAwait(false);
        return (created.ID, stream);
    }

    /// <summary>Reads from a multiplexed stream into any memory (the library reads into arrays only).</summary>
    public static async ValueTask<MultiplexedStream.ReadResult> ReadAsync(MultiplexedStream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
        {
            return await stream.ReadOutputAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken).ConfigureAwait(false);
        }
        var copy = new byte[buffer.Length];
        var read = await stream.ReadOutputAsync(copy, 0, copy.Length, cancellationToken).ConfigureAwait(false);
        copy.AsSpan(0, read.Count).CopyTo(buffer.Span);
        return read;
    }

    /// <summary>Writes any memory to a multiplexed stream (the library writes from arrays only).</summary>
    public static Task WriteAsync(MultiplexedStream stream, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        MemoryMarshal.TryGetArray(data, out var segment)
            ? stream.WriteAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken)
            : stream.WriteAsync(data.ToArray(), 0, data.Length, cancellationToken);

    private static async Task WriteAndCloseAsync(MultiplexedStream stream, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        try
        {
            if (!input.IsEmpty)
            {
                await WriteAsync(stream, input, cancellationToken).ConfigureAwait(false);
            }
            stream.CloseWrite();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The program exited without reading all of its input (its exit code tells), or the run timed out.
        }
    }

    /// <summary>
    /// The output can end a moment before the engine records the exit, so ask until it has. An exec that is neither
    /// running nor has an exit code two seconds after its output ended never started: the engine reports such
    /// failures inside the output stream, which is then the only message.
    /// </summary>
    private static async Task<int> WaitForExitCodeAsync(DockerClient client, string execId, string output, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        DateTime? neverStartedSince = null;
        while (true)
        {
            var inspect = await client.Exec.InspectContainerExecAsync(execId, cancellationToken).ConfigureAwait(false);
            if (!inspect.Running && inspect.ExitCode is { } code)
            {
                return (int)code;
            }
            if (inspect.Running)
            {
                neverStartedSince = null;
            }
            else if ((neverStartedSince ??= DateTime.UtcNow) < DateTime.UtcNow.AddSeconds(-2))
            {
                throw new LabRuntimeException($"The program did not start: {(output.Length == 0 ? "no message from the engine" : output.Trim())}");
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    /// <summary>Keeps the first N bytes of a stream and notes whether more came.</summary>
    private sealed class BoundedBuffer(int limit)
    {
        private readonly MemoryStream _bytes = new();

        public bool Truncated { get; private set; }

        /// <summary>Keeps what fits; false once the bound is passed (the rest is dropped).</summary>
        public bool Append(ReadOnlySpan<byte> data)
        {
            var room = limit - (int)_bytes.Length;
            if (data.Length > room)
            {
                Truncated = true;
                data = data[..Math.Max(room, 0)];
            }
            _bytes.Write(data);
            return !Truncated;
        }

        public string Decode() => Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
    }
}

/// <summary>The outcome of <see cref="DockerExec.RunAsync"/>.</summary>
/// <param name="ExitCode">Exit code, or -1 when it timed out or its output passed the bound.</param>
/// <param name="Stdout">Standard output, bounded.</param>
/// <param name="Stderr">Standard error, bounded.</param>
/// <param name="TimedOut">True when the timeout ended the wait.</param>
/// <param name="Truncated">True when the output passed the bound: reading stopped there and the program was hung up on.</param>
internal sealed record DockerExecResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated);
