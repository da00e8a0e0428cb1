using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NetAcademy.Packets.Decoding;

namespace NetAcademy.Packets.Probes;

/// <summary>
/// How the grader's own probe traffic is made recognisable, so the packet table can hide it from the learner's
/// packets: echo requests carry a random 8-byte marker as their payload pattern (<c>ping -p</c>, echoed back in the
/// reply), UDP probes carry the marker's hex text in their token (echoed back too), TCP probes connect from a source
/// port in a window of <see cref="PortCount"/> ports.
/// </summary>
/// <remarks>
/// <para>The marker and the port window are drawn at random once per process (<see cref="ForThisProcess"/>), so a
/// learner cannot tag their own traffic without first capturing one of the grader's probes. Even then the tag
/// only hides rows from the learner's own table: grading never reads it.</para>
/// <para>A packet counts as a probe when any of its layers does, including a packet quoted in an ICMP error (the
/// "port unreachable" a probe provoked belongs to the probe) and the inner headers of a tunnel. Immutable and
/// thread-safe.</para>
/// </remarks>
public sealed class ProbeSignature
{
    /// <summary>Length of the marker in bytes (<c>ping -p</c> takes up to 16).</summary>
    public const int MarkerLength = 8;

    /// <summary>Number of TCP source ports a probe may use.</summary>
    public const int PortCount = 512;

    /// <summary>Lowest first port of the window: above Linux's default ephemeral range (32768-60999), so
    /// connections that did not ask for a port never land in it.</summary>
    public const int LowestPort = 61000;

    private readonly byte[] _marker;
    private readonly byte[] _markerText;

    /// <summary>Creates a signature from a marker and the first port of the TCP window.</summary>
    /// <param name="marker">Exactly <see cref="MarkerLength"/> bytes.</param>
    /// <param name="firstPort">First TCP source port; the window must end at or below 65535 and start at or above <see cref="LowestPort"/>.</param>
    /// <exception cref="ArgumentException">The marker has the wrong length or is all one byte value (too easily produced by accident).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port window does not fit between <see cref="LowestPort"/> and 65535.</exception>
    public ProbeSignature(ReadOnlySpan<byte> marker, int firstPort)
    {
        if (marker.Length != MarkerLength)
        {
            throw new ArgumentException($"A probe marker has {MarkerLength} bytes, not {marker.Length}.", nameof(marker));
        }

        if (marker.IndexOfAnyExcept(marker[0]) < 0)
        {
            throw new ArgumentException("A probe marker must not repeat one byte value: ordinary payloads do that.", nameof(marker));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(firstPort, LowestPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstPort, 65536 - PortCount);
        _marker = marker.ToArray();
        _markerText = Encoding.ASCII.GetBytes(MarkerHex);
        FirstPort = firstPort;
    }

    /// <summary>The signature of the probes this process sends, drawn at random when first used.</summary>
    public static ProbeSignature ForThisProcess { get; } = CreateRandom();

    /// <summary>A new random signature.</summary>
    public static ProbeSignature CreateRandom()
    {
        while (true)
        {
            var marker = RandomNumberGenerator.GetBytes(MarkerLength);
            if (marker.AsSpan().IndexOfAnyExcept(marker[0]) >= 0)
            {
                return new ProbeSignature(marker, RandomNumberGenerator.GetInt32(LowestPort, 65536 - PortCount + 1));
            }
        }
    }

    /// <summary>The marker as lowercase hex: the argument of <c>ping -p</c>.</summary>
    public string MarkerHex => Convert.ToHexStringLower(_marker);

    /// <summary>First TCP source port of the window.</summary>
    public int FirstPort { get; }

    /// <summary>A UDP probe's token: the marker's hex text, a dash and 16 random hex digits (so each reply is told apart).</summary>
    public string NewUdpToken() => MarkerHex + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>A random TCP source port from the window.</summary>
    public int NewTcpPort() => FirstPort + RandomNumberGenerator.GetInt32(PortCount);

    /// <summary>True when <paramref name="port"/> lies in the TCP window.</summary>
    public bool IsProbePort(int port) => port >= FirstPort && port < FirstPort + PortCount;

    /// <summary>True when some layer of the packet carries the signature.</summary>
    /// <param name="frame">The frame the layers were decoded from.</param>
    /// <param name="layers">Its decoded layers.</param>
    public bool Matches(ReadOnlySpan<byte> frame, in LayerStack layers)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var matched = layer.Kind switch
            {
                LayerKind.Icmp when layer.IcmpType is 0 or 8 => Payload(frame, layer).IndexOf(_marker) >= 0,
                LayerKind.Icmpv6 when layer.IcmpType is 128 or 129 => Payload(frame, layer).IndexOf(_marker) >= 0,
                LayerKind.Udp => Payload(frame, layer).IndexOf(_markerText) >= 0,
                LayerKind.Tcp => TcpPorts(frame, layer),
                _ => false,
            };
            if (matched)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The bytes after the layer's header that are present in the frame.</summary>
    private static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> frame, in Layer layer)
    {
        var start = layer.Offset + layer.HeaderLength;
        if (start >= frame.Length || layer.PayloadLength <= 0)
        {
            return [];
        }

        return frame.Slice(start, Math.Min(layer.PayloadLength, frame.Length - start));
    }

    /// <summary>Reads the ports from the frame: a quoted TCP header is often cut short, but its ports are the first 4 bytes.</summary>
    private bool TcpPorts(ReadOnlySpan<byte> frame, in Layer layer)
    {
        if (layer.Offset + 4 > frame.Length)
        {
            return false;
        }

        var ports = frame.Slice(layer.Offset, 4);
        return IsProbePort(BinaryPrimitives.ReadUInt16BigEndian(ports)) || IsProbePort(BinaryPrimitives.ReadUInt16BigEndian(ports[2..]));
    }
}
