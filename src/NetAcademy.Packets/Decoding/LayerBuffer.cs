using System.Runtime.CompilerServices;

namespace NetAcademy.Packets.Decoding;

/// <summary>Inline storage for <see cref="LayerStack"/>, so a stack is one value with no heap array.</summary>
[InlineArray(LayerStack.Capacity)]
internal struct LayerBuffer
{
    private Layer _element;
}
