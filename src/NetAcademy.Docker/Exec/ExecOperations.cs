using System.Diagnostics.CodeAnalysis;
using System.Text;
using NetAcademy.Docker.Models;
using NetAcademy.Docker.Transport;

namespace NetAcademy.Docker;

/// <summary>
/// Running programs in containers: create, start with the connection hijacked for stdin/stdout,
/// resize the TTY, inspect the exit code; plus <see cref="RunAsync(string, IReadOnlyList{string}, TimeSpan, CancellationToken, int)"/>
/// for the common "run this argv and give me its output" case.
/// Daemon errors surface as <see cref="DockerNotFoundException"/>, <see cref="DockerConflictException"/>
/// or <see cref="DockerApiException"/>; an unreachable daemon as <see cref="DockerUnavailableException"/>.
/// </summary>
public sealed class ExecOperations
{
    /// <summary>Default bound on each of stdout and stderr collected by RunAsync: 1 MiB.</summary>
    public const int DefaultMaxOutputBytes = 1024 * 1024;

    private readonly DockerTransport _transport;

    internal ExecOperations(DockerTransport transport) => _transport = transport;

    /// <summary>Creates an exec instance in a running container and returns its id.</summary>
    /// <exception cref="DockerNotFoundException">No such container.</exception>
    /// <exception cref="DockerConflictException">The container is not running (or is paused).</exception>
    public async Task<string> ExecCreateAsync(string containerId, ExecCreateParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerId);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Cmd.Count == 0)
        {
            throw new ArgumentException("ExecCreateParameters.Cmd must name a program.", nameof(parameters));
        }

        var response = await _transport.SendAsync<ExecCreateResponse>(
            HttpMethod.Post, $"/containers/{Uri.EscapeDataString(containerId)}/exec", null, parameters, cancellationToken).ConfigureAwait(false);
        return response.ID;
    }

    /// <summary>
    /// Starts an exec and takes over the connection as a bidirectional stream. The stream lives until
    /// the program's output ends or it is disposed; the token covers only the start.
    /// </summary>
    /// <remarks>
    /// The daemon switches protocols before it launches the process, so when this returns the process
    /// may not be running yet (a resize or inspect right away can see it not started), and a start
    /// refused at that point (e.g. an exec that is already running) arrives as text in the stream,
    /// which then ends, rather than as an exception.
    /// </remarks>
    /// <param name="execId">Id from <see cref="ExecCreateAsync"/>.</param>
    /// <param name="tty">Must equal the exec's <see cref="ExecCreateParameters.Tty"/>.</param>
    /// <param name="cancellationToken">Cancels the start handshake.</param>
    /// <exception cref="DockerNotFoundException">No such exec.</exception>
    /// <exception cref="DockerConflictException">The exec was already started or the container stopped.</exception>
    public async Task<DockerExecStream> StartAndAttachAsync(string execId, bool tty, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(execId);
        var body = new Dictionary<string, bool> { ["Detach"] = false, ["Tty"] = tty };
        var connection = await _transport.HijackAsync($"/exec/{Uri.EscapeDataString(execId)}/start", body, cancellationToken).ConfigureAwait(false);
        return new DockerExecStream(connection, tty);
    }

    /// <summary>Resizes the TTY of a running exec.</summary>
    /// <exception cref="DockerNotFoundException">No such exec.</exception>
    /// <exception cref="DockerApiException">The exec has no TTY or is not running.</exception>
    public Task ResizeExecAsync(string execId, int rows, int cols, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(execId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        var query = new QueryString().Add("h", rows).Add("w", cols);
        return _transport.SendAsync(HttpMethod.Post, $"/exec/{Uri.EscapeDataString(execId)}/resize", query, null, cancellationToken);
    }

    /// <summary>Returns whether an exec still runs and, once it has exited, its exit code.</summary>
    /// <exception cref="DockerNotFoundException">No such exec (the daemon forgets them when the container is removed).</exception>
    public Task<ExecInspectResponse> InspectExecAsync(string execId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(execId);
        return _transport.SendAsync<ExecInspectResponse>(HttpMethod.Get, $"/exec/{Uri.EscapeDataString(execId)}/json", null, null, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="argv"/> without a TTY and collects its output and exit code.
    /// On timeout the result has <c>TimedOut</c> and exit code -1; the program itself is not
    /// killed (the Engine API cannot signal an exec), it only loses its output connection.
    /// </summary>
    /// <param name="containerId">Running container.</param>
    /// <param name="argv">Program and arguments, no shell.</param>
    /// <param name="timeout">How long to wait for the program to exit.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <param name="maxOutputBytes">Bound on each of stdout and stderr; the rest is read and dropped.</param>
    /// <exception cref="DockerNotFoundException">No such container.</exception>
    /// <exception cref="DockerConflictException">The container is not running.</exception>
    [SuppressMessage("Design", "CA1068:CancellationToken parameters must come last", Justification = "Agreed API shape: the output bound is an optional tail after the token.")]
    public Task<ExecRunResult> RunAsync(
        string containerId, IReadOnlyList<string> argv, TimeSpan timeout, CancellationToken cancellationToken = default, int maxOutputBytes = DefaultMaxOutputBytes) =>
        RunAsync(containerId, new ExecCreateParameters { Cmd = argv.ToList() }, null, timeout, cancellationToken, maxOutputBytes);

    /// <summary>
    /// Like <see cref="RunAsync(string, IReadOnlyList{string}, TimeSpan, CancellationToken, int)"/> but
    /// writes <paramref name="stdin"/> to the program and then closes its stdin, e.g. to pipe a script to <c>sh -s</c>.
    /// </summary>
    /// <param name="containerId">Running container.</param>
    /// <param name="argv">Program and arguments, no shell.</param>
    /// <param name="stdin">Bytes the program reads before end-of-file.</param>
    /// <param name="timeout">How long to wait for the program to exit.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <param name="maxOutputBytes">Bound on each of stdout and stderr.</param>
    [SuppressMessage("Design", "CA1068:CancellationToken parameters must come last", Justification = "Agreed API shape: the output bound is an optional tail after the token.")]
    public Task<ExecRunResult> RunAsync(
        string containerId, IReadOnlyList<string> argv, ReadOnlyMemory<byte> stdin, TimeSpan timeout, CancellationToken cancellationToken = default, int maxOutputBytes = DefaultMaxOutputBytes) =>
        RunAsync(containerId, new ExecCreateParameters { Cmd = argv.ToList() }, stdin, timeout, cancellationToken, maxOutputBytes);

    /// <summary>
    /// The general form of RunAsync: <paramref name="parameters"/> give user, environment and working
    /// directory (their Tty and Attach flags are overridden); <paramref name="stdin"/> null means no stdin.
    /// </summary>
    /// <param name="containerId">Running container.</param>
    /// <param name="parameters">Program, user, environment, working directory.</param>
    /// <param name="stdin">Bytes for stdin (closed afterwards), or null for none.</param>
    /// <param name="timeout">How long to wait for the program to exit.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <param name="maxOutputBytes">Bound on each of stdout and stderr.</param>
    [SuppressMessage("Design", "CA1068:CancellationToken parameters must come last", Justification = "Agreed API shape: the output bound is an optional tail after the token.")]
    public async Task<ExecRunResult> RunAsync(
        string containerId, ExecCreateParameters parameters, ReadOnlyMemory<byte>? stdin, TimeSpan timeout, CancellationToken cancellationToken = default, int maxOutputBytes = DefaultMaxOutputBytes)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputBytes);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must be positive.");
        }

        var create = new ExecCreateParameters
        {
            Cmd = parameters.Cmd,
            Env = parameters.Env,
            User = parameters.User,
            WorkingDir = parameters.WorkingDir,
            Tty = false,
            AttachStdin = stdin is not null,
            AttachStdout = true,
            AttachStderr = true,
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = new BoundedBuffer(maxOutputBytes);
        var stderr = new BoundedBuffer(maxOutputBytes);
        try
        {
            var execId = await ExecCreateAsync(containerId, create, deadline.Token).ConfigureAwait(false);
            await using (var stream = await StartAndAttachAsync(execId, tty: false, deadline.Token).ConfigureAwait(false))
            {
                // Write and read at the same time: a program may fill its output pipe before it has
                // consumed all of its input, and waiting for the write first would then deadlock.
                var writer = stdin is { } input ? WriteStdinAsync(stream, input, deadline.Token) : Task.CompletedTask;
                var buffer = new byte[16 * 1024];
                while (true)
                {
                    var result = await stream.ReadOutputAsync(buffer, deadline.Token).ConfigureAwait(false);
                    if (result.Eof)
                    {
                        break;
                    }

                    (result.Target == ExecStreamTarget.Stderr ? stderr : stdout).Append(buffer.AsSpan(0, result.Count));
                }

                await writer.ConfigureAwait(false);
            }

            var exitCode = await WaitForExitCodeAsync(execId, stdout.Decode() + stderr.Decode(), deadline.Token).ConfigureAwait(false);
            return new ExecRunResult
            {
                ExitCode = exitCode,
                Stdout = stdout.Decode(),
                Stderr = stderr.Decode(),
                Truncated = stdout.Truncated || stderr.Truncated,
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            return new ExecRunResult
            {
                ExitCode = -1,
                Stdout = stdout.Decode(),
                Stderr = stderr.Decode(),
                TimedOut = true,
                Truncated = stdout.Truncated || stderr.Truncated,
            };
        }
    }

    private static async Task WriteStdinAsync(DockerExecStream stream, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        try
        {
            if (!input.IsEmpty)
            {
                await stream.WriteAsync(input, cancellationToken).ConfigureAwait(false);
            }

            await stream.CloseWriteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The program exited without reading all of its input (its exit code tells the story),
            // or the run timed out and the reader already gave up on the stream.
        }
    }

    /// <summary>
    /// The output can end a moment before the daemon records the exit, so poll briefly until it does.
    /// An exec that is neither running nor has an exit code after its output ended never started:
    /// the daemon reports such failures inside the hijacked stream, which is then the only message.
    /// </summary>
    private async Task<int> WaitForExitCodeAsync(string execId, string output, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        var neverStartedSince = (DateTime?)null;
        while (true)
        {
            var inspect = await InspectExecAsync(execId, cancellationToken).ConfigureAwait(false);
            if (!inspect.Running && inspect.ExitCode is { } code)
            {
                return code;
            }

            if (inspect.Running)
            {
                neverStartedSince = null;
            }
            else if ((neverStartedSince ??= DateTime.UtcNow) < DateTime.UtcNow.AddSeconds(-2))
            {
                throw new DockerApiException(
                    System.Net.HttpStatusCode.InternalServerError,
                    $"the exec did not start: {(output.Length == 0 ? "no message from the daemon" : output.Trim())}",
                    $"POST /exec/{execId}/start");
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

        public void Append(ReadOnlySpan<byte> data)
        {
            var room = limit - (int)_bytes.Length;
            if (data.Length > room)
            {
                Truncated = true;
                data = data[..Math.Max(room, 0)];
            }

            _bytes.Write(data);
        }

        public string Decode() => Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
    }
}
