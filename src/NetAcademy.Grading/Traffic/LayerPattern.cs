using NetAcademy.Core.Labs.Traffic;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Formatting;

namespace NetAcademy.Grading.Traffic;

/// <summary>
/// A parsed traffic pattern such as <c>IPv4 172.20.0.2 &gt; 172.20.0.3 / IPIP / IPv4 / ICMP echo-request</c>:
/// layers separated by <c>" / "</c>, each a protocol name with optional constraints, or <c>*</c> for any one layer.
/// A packet matches when the pattern's layers match a contiguous run of the packet's decoded layers, anywhere in
/// the stack (not anchored). Layers of a packet quoted inside an ICMP error and IPv6 extension headers are left
/// out before matching, so a quoted echo request is not mistaken for a real one. The language is described in
/// docs/grading.md. The syntax is parsed by <see cref="TrafficPattern"/> in Core (so the content linter rejects a
/// bad pattern at lint time); this class matches packets against it. Immutable and thread-safe.
/// </summary>
public sealed class LayerPattern
{
    private readonly IReadOnlyList<LayerMatcher> _layers;

    private LayerPattern(string text, IReadOnlyList<LayerMatcher> layers)
    {
        Text = text;
        _layers = layers;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Number of layers in the pattern.</summary>
    public int LayerCount => _layers.Count;

    /// <summary>Parses a pattern.</summary>
    /// <exception cref="LayerPatternException">The pattern is invalid; the message names the layer and why.</exception>
    public static LayerPattern Parse(string text)
    {
        try
        {
            return FromParsed(TrafficPattern.Parse(text));
        }
        catch (TrafficPatternException e)
        {
            throw new LayerPatternException(e.Pattern, e.Reason);
        }
    }

    /// <summary>Builds the matcher for a pattern already parsed (for example by the content loader).</summary>
    /// <param name="pattern">The parsed pattern.</param>
    public static LayerPattern FromParsed(TrafficPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new LayerPattern(pattern.Text, LayerCompiler.Compile(pattern));
    }

    /// <summary>Parses a pattern without throwing.</summary>
    /// <param name="text">The pattern.</param>
    /// <param name="pattern">The parsed pattern, or null.</param>
    /// <param name="error">Why it is invalid, or null.</param>
    public static bool TryParse(string text, out LayerPattern? pattern, out string? error)
    {
        try
        {
            pattern = Parse(text);
            error = null;
            return true;
        }
        catch (LayerPatternException e)
        {
            pattern = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>True when the decoded packet contains a run of layers matching the pattern.</summary>
    /// <param name="frame">The captured bytes the layers were decoded from.</param>
    /// <param name="layers">The decoded layers.</param>
    public bool Matches(ReadOnlySpan<byte> frame, in LayerStack layers)
    {
        Span<int> visible = stackalloc int[LayerStack.Capacity];
        var count = 0;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if ((layer.Flags & LayerFlags.Quoted) == 0 && layer.Kind != LayerKind.IPv6Extension)
            {
                visible[count++] = i;
            }
        }

        for (var start = 0; start + _layers.Count <= count; start++)
        {
            var all = true;
            for (var j = 0; j < _layers.Count && all; j++)
            {
                all = _layers[j].Matches(frame, layers[visible[start + j]]);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Decodes every packet of a pcap or pcapng capture and counts those that match.</summary>
    /// <param name="capture">The capture file's bytes.</param>
    /// <param name="samples">How many summaries to keep of matching and of other packets.</param>
    /// <exception cref="CaptureFormatException">The bytes are not a capture at all.</exception>
    public CaptureMatch MatchCapture(ReadOnlyMemory<byte> capture, int samples = 3)
    {
        var reader = new CaptureBufferReader(capture);
        var stack = default(LayerStack);
        var packets = 0;
        var matches = 0;
        var matching = new List<string>();
        var others = new List<string>();
        var truncated = false;
        while (true)
        {
            CaptureRecord record;
            try
            {
                if (!reader.TryReadNext(out record))
                {
                    break;
                }
            }
            catch (CaptureFormatException) when (packets > 0)
            {
                // A capture cut off mid-record still tells what came before the cut.
                truncated = true;
                break;
            }

            packets++;
            var frame = record.Data.Span;
            PacketDecoder.Decode(frame, record.LinkType, ref stack);
            var hit = Matches(frame, in stack);
            matches += hit ? 1 : 0;
            var list = hit ? matching : others;
            if (list.Count < samples)
            {
                list.Add(PacketSummaryFormatter.Format(frame, in stack));
            }
        }

        return new CaptureMatch(packets, matches, matching, others, truncated);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
