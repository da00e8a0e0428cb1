using NetAcademy.Packets.Decoding;

namespace NetAcademy.Grading.Traffic;

/// <summary>A test on one decoded layer; the frame is passed because addresses are read from it on demand.</summary>
internal delegate bool LayerPredicate(ReadOnlySpan<byte> frame, in Layer layer);
