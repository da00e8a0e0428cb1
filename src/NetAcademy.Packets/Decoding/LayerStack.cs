using System.Diagnostics.CodeAnalysis;
using NetAcademy.Packets.Capture;

namespace NetAcademy.Packets.Decoding;

/// <summary>
/// The decoded layers of one packet, outermost first, in fixed inline storage: decoding into a
/// reused <see cref="LayerStack"/> allocates nothing. Filled by <see cref="PacketDecoder.Decode"/>.
/// </summary>
/// <remarks>
/// A mutable struct: keep it in a local or field and pass it by <c>ref</c>/<c>in</c>; copying it
/// copies all <see cref="Capacity"/> layers.
/// </remarks>
public struct LayerStack
{
    /// <summary>Most layers one packet can have; deeper encapsulation sets <see cref="DepthExceeded"/>.</summary>
    public const int Capacity = 24;

    private LayerBuffer _layers;
    private int _count;

    /// <summary>Number of decoded layers.</summary>
    public readonly int Count => _count;

    /// <summary>Link type the packet was decoded as.</summary>
    public LinkType LinkType { readonly get; internal set; }

    /// <summary>Length of the frame that was decoded.</summary>
    public int FrameLength { readonly get; internal set; }

    /// <summary>True when some layer is truncated or inconsistent (shown as <c>[malformed]</c>).</summary>
    public bool IsMalformed { readonly get; internal set; }

    /// <summary>True when decoding stopped because <see cref="Capacity"/> layers were reached.</summary>
    public bool DepthExceeded { readonly get; internal set; }

    /// <summary>The layer at <paramref name="index"/> (0 is outermost).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    public readonly Layer this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return _layers[index];
        }
    }

    /// <summary>Index of the first layer of <paramref name="kind"/> at or after <paramref name="start"/>, or -1.</summary>
    public readonly int IndexOf(LayerKind kind, int start = 0)
    {
        for (var i = Math.Max(start, 0); i < _count; i++)
        {
            if (_layers[i].KindValue == kind)
            {
                return i;
            }
        }

        return -1;
    }

    internal void Reset(LinkType linkType, int frameLength)
    {
        _count = 0;
        LinkType = linkType;
        FrameLength = frameLength;
        IsMalformed = false;
        DepthExceeded = false;
    }

    /// <summary>Appends a layer and returns its index, or -1 when full.</summary>
    internal int Add(in Layer layer)
    {
        if (_count == Capacity)
        {
            DepthExceeded = true;
            return -1;
        }

        _layers[_count] = layer;
        return _count++;
    }

    [UnscopedRef]
    internal ref Layer At(int index) => ref _layers[index];
}
