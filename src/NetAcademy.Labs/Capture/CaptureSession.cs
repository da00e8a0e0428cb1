using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Runtime;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Probes;

namespace NetAcademy.Labs.Capture;

/// <summary>
/// One live capture: a capture program in a node writing pcap to its stdout, read as a streamed process in the node (<see cref="INodeProcess"/>),
/// decoded packet by packet into rows for subscribers (rate-limited, with per-flow counts when sampling) and
/// kept raw in a bounded <see cref="PcapRing"/> for download. Created and started by <see cref="CaptureManager"/> for the
/// packet table and by <see cref="BoundedCaptures"/> for traffic checks (with a packet bound, <see cref="MaxPackets"/>), so both
/// see the same frames through the same bounds.
/// </summary>
/// <remarks>
/// Memory stays bounded under a flood: the ring has a fixed capacity, each subscriber has a bounded queue (rows
/// that do not fit are dropped and counted), only shown rows are formatted, and the exec stream is read no
/// faster than packets are decoded, so a capture program that outruns the reader is slowed by its pipe and the
/// kernel drops packets instead of this process buffering them.
/// </remarks>
public sealed partial class CaptureSession
{
    private const int StderrLimit = 8 * 1024;

    /// <summary>Longest engine message passed on to the learner (the engine's refusals are one line of a few hundred characters).</summary>
    private const int MaxRefusalLength = 400;

    /// <summary>How long the rest of an engine's message line is waited for once its first bytes came.</summary>
    private static readonly TimeSpan RefusalReadTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Most headers and non-packet blocks in a row in a capture program's output. tcpdump writes a section header and
    /// one interface description before its first packet; a node whose root replaced it may write nothing else.
    /// </summary>
    internal const int MaxBlocksWithoutPacket = 4096;

    /// <summary>Largest record or block beyond the snap length (block headers and options).</summary>
    private const int BlockOverhead = 64 * 1024;

    private readonly INodeShell _shell;
    private readonly NodeName _node;
    private readonly CaptureOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<Subscriber> _subscribers = [];
    private readonly Queue<CapturedPacket> _recent = new();
    private readonly CaptureSampler _sampler;
    private readonly PcapRing _ring;
    private readonly StringBuilder _stderr = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LayerStack _layers;
    private INodeProcess? _exec;
    private CaptureState _state = CaptureState.Starting;
    private string? _error;
    private string? _outputError;
    private int _pid;
    private long _packets;
    private int _partialLineStart;
    private bool _stopRequested;
    private Task? _stopping;

    /// <summary>Where rows dropped for a page that fell behind are counted; none when null.</summary>
    internal NetAcademy.Core.Diagnostics.NetAcademyMetrics? Metrics { get; init; }

    /// <summary>Most packets taken (a grader's capture); later ones are read and ignored. 0 for no limit (the packet table).</summary>
    internal int MaxPackets { get; init; }

    /// <summary>Completes when <see cref="MaxPackets"/> packets have been taken.</summary>
    internal Task Full => _full.Task;

    internal CaptureSession(string id, CaptureRequest request, string? filter, CaptureOptions options, INodeShell shell, TimeProvider time, ILogger logger)
    {
        Id = id;
        Session = request.Session;
        Node = request.Node.Value;
        Netns = request.Netns;
        Interface = request.Interface;
        Filter = filter;
        _options = options;
        _shell = shell;
        _node = request.Node;
        _time = time;
        _logger = logger;
        _sampler = new CaptureSampler(options.MaxRowsPerSecond);
        _ring = new PcapRing(options.RingBytes, options.SnapLength);
        StartedAt = time.GetUtcNow();
    }

    /// <summary>Capture id.</summary>
    public string Id { get; }

    /// <summary>The lab session it belongs to.</summary>
    public SessionId Session { get; }

    /// <summary>Node captured in.</summary>
    public string Node { get; }

    /// <summary>Network namespace inside the node, or null.</summary>
    public string? Netns { get; }

    /// <summary>Interface captured on.</summary>
    public string Interface { get; }

    /// <summary>The filter, or null for every packet.</summary>
    public string? Filter { get; }

    /// <summary>When the capture was requested.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Which program captures (known once started).</summary>
    public CaptureMode Mode { get; private set; }

    /// <summary>Current state.</summary>
    public CaptureState State { get { lock (_gate) { return _state; } } }

    /// <summary>Completes when the capture has ended, for whatever reason.</summary>
    public Task Completion => _ended.Task;

    /// <summary>True while running or starting.</summary>
    public bool IsActive => State is CaptureState.Starting or CaptureState.Running;

    /// <summary>State and counters now.</summary>
    public CaptureInfo Info()
    {
        lock (_gate)
        {
            return BuildInfo();
        }
    }

    /// <summary>The captured packets still held, as a pcap file (see <see cref="PcapRing"/>).</summary>
    public byte[] ToPcap() => _ring.ToPcap();

    /// <summary>
    /// Streams the capture: first its status, then the recent rows after <paramref name="afterNumber"/> (so a page
    /// that reconnects gets what it missed, without repeats), then live rows, sampling reports and status changes.
    /// Ends after the capture ends, or when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="afterNumber">Number of the last row the caller already has; 0 for all.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    public async IAsyncEnumerable<CaptureEvent> SubscribeAsync(long afterNumber, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subscriber = new Subscriber(Channel.CreateBounded<CaptureEvent>(new BoundedChannelOptions(_options.SubscriberQueue + _options.RecentRows + 2)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        }), _options.SubscriberQueue);
        lock (_gate)
        {
            subscriber.Channel.Writer.TryWrite(new CaptureEvent(CaptureEventKind.Status, Status: BuildInfo()));
            foreach (var row in _recent.Where(r => r.Number > afterNumber))
            {
                subscriber.Channel.Writer.TryWrite(new CaptureEvent(CaptureEventKind.Packet, Packet: row));
            }
            if (_state is CaptureState.Starting or CaptureState.Running)
            {
                _subscribers.Add(subscriber);
            }
            else
            {
                subscriber.Channel.Writer.TryComplete();
            }
        }

        try
        {
            var reader = subscriber.Channel.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    var skipped = Interlocked.Exchange(ref subscriber.Dropped, 0);
                    if (skipped > 0)
                    {
                        yield return new CaptureEvent(CaptureEventKind.Sampling, Sampling: new CaptureSampling(
                            0, 0, [], skipped, $"the page fell behind: {skipped} rows were skipped"));
                    }
                    yield return item;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(subscriber);
            }
        }
    }

    /// <summary>
    /// Stops the capture: closes the output connection (the program gets SIGPIPE on its next write) and kills
    /// the program by the PID it reported, in case no packet ever comes. Idempotent.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the kill.</param>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        // The first stop does the work; a later one (the session's end after the learner's Stop) waits for it instead
        // of running the kill again: every kill is an exec in the node, and a class stopping its labs at once makes
        // hundreds of them while others type.
        lock (_gate)
        {
            _stopRequested = true;
            return _stopping ??= StopOnceAsync(_pid, cancellationToken);
        }
    }

    private async Task StopOnceAsync(int pid, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_exec is { } exec)
        {
            await exec.DisposeAsync().ConfigureAwait(false);
        }
        if (pid > 0)
        {
            await KillAsync(pid, cancellationToken).ConfigureAwait(false);
        }
        Finish(CaptureState.Stopped, null);
    }

    /// <summary>Starts the capture program and waits until it listens.</summary>
    /// <exception cref="CaptureException">The program could not start; the message says why.</exception>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Mode != CaptureMode.PacketSocket)
        {
            var argv = CaptureCommands.Tcpdump(Netns, Interface, Filter, _options.SnapLength, _options.MaxDuration);
            var failure = await TryLaunchAsync(CaptureMode.Tcpdump, argv, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return;
            }
            // tcpdump always switches user when run as root, and setgroups needs CAP_SETGID, which lab nodes lack.
            if (_options.Mode == CaptureMode.Tcpdump || !failure.Contains("Couldn't change to", StringComparison.Ordinal))
            {
                throw Fail(Explain(failure));
            }
            LogFallback(_logger, Id, Node);
            ResetForRetry();
        }

        var compile = await RunAsync(CaptureCommands.Compile(Netns, Interface, Filter, _options.SnapLength), cancellationToken).ConfigureAwait(false);
        if (compile.ExitCode != 0)
        {
            throw Fail(Explain(compile.Stderr + compile.Stdout));
        }
        string bpf;
        try
        {
            bpf = CaptureCommands.ParseBpf(compile.Stdout);
        }
        catch (FormatException ex)
        {
            throw Fail($"The capture could not start on {Where}: {ex.Message}");
        }
        if (Interface == "any")
        {
            throw Fail($"Capturing on all interfaces at once ('any') needs tcpdump, which cannot run in {Node}; choose one interface.");
        }
        var helper = await TryLaunchAsync(CaptureMode.PacketSocket, CaptureCommands.PacketSocket(Netns, Interface, bpf, _options.SnapLength, _options.MaxDuration), cancellationToken).ConfigureAwait(false);
        if (helper is not null)
        {
            throw Fail(Explain(helper));
        }
    }

    private string Where => Netns is null ? $"{Node} {Interface}" : $"{Node} (netns {Netns}) {Interface}";

    /// <summary>Launches a capture program; returns null once it listens, or its error output if it ended first.</summary>
    private async Task<string?> TryLaunchAsync(CaptureMode mode, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        Mode = mode;
        INodeProcess exec;
        try
        {
            exec = await _shell.StartAsync(_node, argv, netns: null, withInput: false, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeNotRunningException ex)
        {
            throw Fail($"{Node} is not running, so nothing can be captured there.", NodeCaptureFailure.NodeNotRunning, ex);
        }

        _exec = exec;
        var loop = Task.Run(() => ReadLoopAsync(exec), CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StartTimeout);
        try
        {
            await _listening.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            lock (_gate)
            {
                // The program may have listened and ended already (output that is no capture): keep its verdict.
                if (_state == CaptureState.Starting)
                {
                    _state = CaptureState.Running;
                }
            }
            Publish(new CaptureEvent(CaptureEventKind.Status, Status: Info()));
            _ = Task.Run(TickAsync, CancellationToken.None);
            LogStarted(_logger, Id, Session.Value, Node, Netns, Interface, mode);
            return null;
        }
        catch (CaptureProgramEndedException)
        {
            await loop.ConfigureAwait(false);
            string? outputError;
            lock (_gate)
            {
                outputError = _outputError;
            }
            if (outputError is not null)
            {
                // Unreadable output is the reason, whatever the program printed on stderr.
                throw Fail(outputError);
            }
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
        catch (OperationCanceledException)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw Fail($"The capture on {Where} did not start within {_options.StartTimeout.TotalSeconds:0} s.");
        }
    }

    private void ResetForRetry()
    {
        lock (_gate)
        {
            _stderr.Clear();
            _outputError = null;
            _partialLineStart = 0;
            _pid = 0;
            _listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private async Task ReadLoopAsync(INodeProcess exec)
    {
        string? error = null;
        using var limiter = NodeOutputRate.Create(_options.MaxBytesPerSecond, ExecOutputStream.Burst);
        var output = new ExecOutputStream(exec, OnStderr, limiter);
        try
        {
            // Bounded in size (a block at most the snap length plus headers), count (blocks without a packet, and
            // interface descriptions per section in the parser) and rate (the token bucket of the stream).
            var reader = new CaptureStreamReader(output, maxBlockLength: _options.SnapLength + BlockOverhead, maxBlocksWithoutPacket: MaxBlocksWithoutPacket);
            while (await reader.ReadNextAsync(_stop.Token).ConfigureAwait(false) is { } record)
            {
                OnPacket(record);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Stopped, or the node went away under the capture.
        }
        catch (CaptureFormatException ex)
        {
            if (await EngineRefusalAsync(output).ConfigureAwait(false) is { } refusal)
            {
                error = $"The engine refused to start the capture on {Node}: {refusal}";
                LogEngineRefused(_logger, Id, Node, refusal);
            }
            else
            {
                error = $"The capture on {Where} stopped: the capture program's output is not a capture the platform reads ({ex.Message}).";
                LogBadOutput(_logger, Id, ex);
            }
        }
        finally
        {
            await exec.DisposeAsync().ConfigureAwait(false);
        }

        if (error is not null)
        {
            // The engine leaves a program whose connection closed blocked on its pipe; a program writing what the
            // reader refused is killed by its PID (the wrapper's `timeout`), as a stop does.
            int pid;
            lock (_gate)
            {
                pid = _pid;
            }
            if (pid > 0)
            {
                await KillAsync(pid, CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (!_listening.Task.IsCompleted)
        {
            lock (_gate)
            {
                _outputError = error;
            }
            _listening.TrySetException(new CaptureProgramEndedException());
            return;
        }
        bool stopRequested;
        string stderr;
        lock (_gate)
        {
            stopRequested = _stopRequested;
            stderr = _stderr.ToString();
        }
        if (stopRequested)
        {
            Finish(CaptureState.Stopped, null);
        }
        else
        {
            var reason = error ?? (HasError(stderr) ? Explain(stderr).Message : "The capture ended: it reached its time limit or the node stopped.");
            Finish(error is null && !HasError(stderr) ? CaptureState.Stopped : CaptureState.Failed, reason);
        }
    }

    /// <summary>
    /// The first line of the engine's message when the output that is no capture came from the engine, not from the
    /// capture program; null otherwise. An exec the engine could not start (runc's "OCI runtime exec failed: ...", a
    /// refused keyring, a stopped container) is reported as text on the exec's stdout, followed by the end of the
    /// stream. It is the engine's when the wrapper never reported its PID (it never ran) and the output is a line of
    /// text; a program that ran and wrote text instead of a capture keeps the "not a capture" verdict.
    /// </summary>
    private async Task<string?> EngineRefusalAsync(ExecOutputStream output)
    {
        lock (_gate)
        {
            if (_pid > 0)
            {
                return null;
            }
        }
        if (FirstLine(output.Head) is null)
        {
            return null;
        }
        // The reader gave up after the first bytes; the engine's message is one line, and the stream ends after it.
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            wait.CancelAfter(RefusalReadTimeout);
            try
            {
                await output.CompleteHeadLineAsync(wait.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException)
            {
                // Stopped, slow or gone: the line so far is the message.
            }
        }
        lock (_gate)
        {
            // A program that ran may have reported its PID meanwhile.
            return _pid > 0 ? null : FirstLine(output.Head);
        }
    }

    /// <summary>The first line of <paramref name="head"/> when it is printable text; null otherwise.</summary>
    private static string? FirstLine(ReadOnlySpan<byte> head)
    {
        var end = head.IndexOfAny((byte)'\r', (byte)'\n');
        var text = Encoding.UTF8.GetString(head[..(end < 0 ? head.Length : end)]);
        if (end < 0)
        {
            // A line longer than the head may end in a character cut in two.
            text = text.TrimEnd('\uFFFD');
        }
        text = text.Trim();
        if (text.Length == 0 || text.Any(c => c == '\uFFFD' || (char.IsControl(c) && c != '\t')))
        {
            return null;
        }
        // The message is the engine's, but the bytes came through the node's output: bounded like the rest of it.
        return text.Length <= MaxRefusalLength ? text : text[..MaxRefusalLength] + "…";
    }

    private void OnPacket(in CaptureRecord record)
    {
        if (MaxPackets > 0 && Volatile.Read(ref _packets) >= MaxPackets)
        {
            _full.TrySetResult();
            return;
        }
        var frame = record.Data.Span;
        _ring.Append(record.TimestampNanoseconds, record.LinkType, record.OriginalLength, frame);
        PacketDecoder.Decode(frame, record.LinkType, ref _layers);
        var flow = FlowKey.From(frame, in _layers);
        var now = (long)_time.GetElapsedTime(0).TotalMilliseconds;
        CaptureSampling? report;
        bool show;
        long number;
        lock (_gate)
        {
            number = ++_packets;
            if (number == MaxPackets)
            {
                _full.TrySetResult();
            }
            report = _sampler.Roll(now);
            show = _sampler.Offer(now, in flow, record.OriginalLength);
        }
        if (report is not null)
        {
            Publish(new CaptureEvent(CaptureEventKind.Sampling, Sampling: report));
        }
        if (!show)
        {
            return;
        }
        var row = PacketDescriber.Describe(number, in record, in _layers, (Node, Netns, Interface), _options.MaxRowBytes, ProbeSignature.ForThisProcess);
        lock (_gate)
        {
            if (_options.RecentRows > 0)
            {
                if (_recent.Count >= _options.RecentRows)
                {
                    _recent.Dequeue();
                }
                _recent.Enqueue(row);
            }
        }
        Publish(new CaptureEvent(CaptureEventKind.Packet, Packet: row));
    }

    /// <summary>Once a second: ends a sampling window with no packet to end it, and sends the counters.</summary>
    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        var last = (-1L, -1L);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false) && IsActive)
            {
                CaptureSampling? report;
                CaptureInfo info;
                lock (_gate)
                {
                    report = _sampler.Roll((long)_time.GetElapsedTime(0).TotalMilliseconds);
                    info = BuildInfo();
                }
                if (report is not null)
                {
                    Publish(new CaptureEvent(CaptureEventKind.Sampling, Sampling: report));
                }
                if ((info.Packets, info.DroppedPackets) != last)
                {
                    last = (info.Packets, info.DroppedPackets);
                    Publish(new CaptureEvent(CaptureEventKind.Status, Status: info));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void OnStderr(ReadOnlySpan<byte> chunk)
    {
        lock (_gate)
        {
            if (_stderr.Length < StderrLimit)
            {
                _stderr.Append(Encoding.UTF8.GetString(chunk[..Math.Min(chunk.Length, StderrLimit - _stderr.Length)]));
            }
            // Whole lines only: a line may arrive in several frames.
            var text = _stderr.ToString();
            int newline;
            while ((newline = text.IndexOf('\n', _partialLineStart)) >= 0)
            {
                var line = text[_partialLineStart..newline].Trim();
                _partialLineStart = newline + 1;
                if (line.StartsWith(CaptureCommands.PidPrefix, StringComparison.Ordinal)
                    && int.TryParse(line.AsSpan(CaptureCommands.PidPrefix.Length), out var pid) && pid > 1)
                {
                    _pid = pid;
                }
                else if (line.Contains("listening on ", StringComparison.Ordinal))
                {
                    _listening.TrySetResult();
                }
            }
        }
    }

    private void Publish(CaptureEvent item)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                // Status and sampling reports may use the reserve above the row limit; rows may not.
                var full = item.Kind == CaptureEventKind.Packet && subscriber.Channel.Reader.Count >= subscriber.RowLimit;
                if (full || !subscriber.Channel.Writer.TryWrite(item))
                {
                    Interlocked.Increment(ref subscriber.Dropped);
                    Metrics?.CaptureRowsDropped(1);
                }
            }
        }
    }

    private void Finish(CaptureState state, string? error)
    {
        lock (_gate)
        {
            if (_state is CaptureState.Stopped or CaptureState.Failed)
            {
                return;
            }
            _state = state;
            _error = error;
            var info = BuildInfo();
            foreach (var subscriber in _subscribers)
            {
                subscriber.Channel.Writer.TryWrite(new CaptureEvent(CaptureEventKind.Status, Status: info));
                subscriber.Channel.Writer.TryComplete();
            }
            _subscribers.Clear();
        }
        _stop.Cancel();
        _ended.TrySetResult();
        LogEnded(_logger, Id, state, error);
    }

    private CaptureException Fail(string message, NodeCaptureFailure failure = NodeCaptureFailure.Other, Exception? inner = null)
    {
        Finish(CaptureState.Failed, message);
        return new CaptureException(message, failure, inner);
    }

    private CaptureException Fail(Explanation explanation) => Fail(explanation.Message, explanation.Failure);

    private CaptureInfo BuildInfo() =>
        new(Id, Node, Netns, Interface, Filter, _state, _error, StartedAt, _packets, _ring.StoredPackets, _ring.DroppedPackets, _sampler.IsSampling);

    private static bool HasError(string stderr) =>
        stderr.Split('\n').Any(l => l.StartsWith("tcpdump: ", StringComparison.Ordinal) && !l.Contains("listening on", StringComparison.Ordinal)
            || l.StartsWith("capture: ", StringComparison.Ordinal) || l.StartsWith("nsenter: ", StringComparison.Ordinal)
            || l.StartsWith("Traceback", StringComparison.Ordinal));

    /// <summary>Turns the capture program's error output into a message for the learner, and whose fault it is.</summary>
    private Explanation Explain(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith(CaptureCommands.PidPrefix, StringComparison.Ordinal) && !l.Contains("listening on ", StringComparison.Ordinal))
            .ToList();
        var text = string.Join('\n', lines);
        var inNetns = Netns is null ? "" : $" in network namespace {Netns}";
        if (text.Contains("/run/netns/", StringComparison.Ordinal) && text.Contains("nsenter", StringComparison.Ordinal))
        {
            return new($"{Node} has no network namespace {Netns}.", NodeCaptureFailure.NoNamespace);
        }
        if (text.Contains("No such device", StringComparison.Ordinal))
        {
            return new($"{Node} has no interface {Interface}{inNetns}.", NodeCaptureFailure.NoInterface);
        }
        if (text.Contains("is not up", StringComparison.Ordinal) || text.Contains("Network is down", StringComparison.Ordinal))
        {
            return new($"The interface {Interface} on {Node}{inNetns} is down; bring it up first (ip link set {Interface} up).", NodeCaptureFailure.InterfaceDown);
        }
        var tcpdump = lines.FirstOrDefault(l => l.StartsWith("tcpdump: ", StringComparison.Ordinal));
        if (tcpdump is not null && tcpdump.Contains("Couldn't change to", StringComparison.Ordinal))
        {
            return new($"tcpdump cannot run in {Node}: as root it always switches user, which needs CAP_SETGID ({tcpdump})", NodeCaptureFailure.Other);
        }
        if (Filter is not null && tcpdump is not null)
        {
            return new($"The capture filter is not valid: {tcpdump["tcpdump: ".Length..]}", NodeCaptureFailure.Other);
        }
        var first = lines.FirstOrDefault() ?? "the capture program ended without a message";
        return new($"The capture could not start on {Where}: {first}", NodeCaptureFailure.Other);
    }

    private readonly record struct Explanation(string Message, NodeCaptureFailure Failure);

    private async Task<ExecResult> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        try
        {
            return await _shell.RunAsync(_node, argv, netns: null, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeNotRunningException ex)
        {
            throw Fail($"{Node} is not running, so nothing can be captured there.", NodeCaptureFailure.NodeNotRunning, ex);
        }
    }

    private async Task KillAsync(int pid, CancellationToken cancellationToken)
    {
        try
        {
            await _shell.RunAsync(_node, CaptureCommands.Kill(pid), netns: null, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LabRuntimeException or IOException)
        {
            // The node is gone, and the capture program with it.
            LogKillFailed(_logger, Id, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Capture {CaptureId} started in session {SessionId} on {Node} netns {Netns} interface {Interface} with {Mode}")]
    private static partial void LogStarted(ILogger logger, string captureId, string sessionId, string node, string? netns, string @interface, CaptureMode mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Capture {CaptureId} ended: {State} {Error}")]
    private static partial void LogEnded(ILogger logger, string captureId, CaptureState state, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Capture {CaptureId}: tcpdump cannot switch user on {Node}, capturing with the packet-socket helper")]
    private static partial void LogFallback(ILogger logger, string captureId, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Capture {CaptureId}: unreadable capture output")]
    private static partial void LogBadOutput(ILogger logger, string captureId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Capture {CaptureId}: the engine refused to start the capture program on {Node}: {Refusal}")]
    private static partial void LogEngineRefused(ILogger logger, string captureId, string node, string refusal);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Capture {CaptureId}: kill failed: {Reason}")]
    private static partial void LogKillFailed(ILogger logger, string captureId, string reason);

    private sealed class Subscriber(Channel<CaptureEvent> channel, int rowLimit)
    {
        public Channel<CaptureEvent> Channel { get; } = channel;

        public int RowLimit { get; } = rowLimit;

        public long Dropped;
    }

    /// <summary>The capture program ended before it listened; its stderr says why.</summary>
    private sealed class CaptureProgramEndedException : Exception
    {
    }
}
