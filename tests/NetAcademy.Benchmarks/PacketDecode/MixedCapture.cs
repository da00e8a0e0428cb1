using System.Buffers.Binary;
using NetAcademy.Packets.Capture;

namespace NetAcademy.Benchmarks.PacketDecode;

/// <summary>
/// Builds a large classic pcap (Ethernet, microsecond timestamps) by repeating the records of the real captures in
/// tests/NetAcademy.Packets.Tests/Fixtures, interleaved so consecutive packets differ in protocol and size.
/// </summary>
internal static class MixedCapture
{
    public sealed record Source(IReadOnlyList<string> Files, int DistinctFrames, double MeanFrameBytes);

    /// <summary>Writes <paramref name="packets"/> records to <paramref name="path"/>; returns what it was made from.</summary>
    public static async Task<Source> WriteAsync(string fixtures, string path, int packets, CancellationToken ct)
    {
        var files = Directory.GetFiles(fixtures, "*.pcap").Order(StringComparer.Ordinal).ToList();
        var perFile = new List<List<byte[]>>();
        var used = new List<string>();
        foreach (var file in files)
        {
            var reader = new CaptureBufferReader(await File.ReadAllBytesAsync(file, ct));
            var frames = new List<byte[]>();
            while (reader.TryReadNext(out var record))
            {
                // One link type per classic pcap: the Linux "any" captures (SLL) stay out.
                if (record.LinkType == LinkType.Ethernet)
                {
                    frames.Add(record.Data.ToArray());
                }
            }
            if (frames.Count > 0)
            {
                perFile.Add(frames);
                used.Add(Path.GetFileName(file));
            }
        }
        if (perFile.Count == 0)
        {
            throw new InvalidOperationException($"No Ethernet captures in {fixtures}.");
        }
        // Round robin over the files, each walking its own records: a mix, not runs of one capture.
        var order = new List<byte[]>();
        for (var i = 0; order.Count < perFile.Sum(f => f.Count); i++)
        {
            foreach (var frames in perFile.Where(f => i < f.Count))
            {
                order.Add(frames[i]);
            }
        }
        await using var output = new BufferedStream(File.Create(path), 1 << 20);
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 262144);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        await output.WriteAsync(header, ct);
        var recordHeader = new byte[16];
        long bytes = 0;
        for (var n = 0; n < packets; n++)
        {
            var frame = order[n % order.Count];
            BinaryPrimitives.WriteUInt32LittleEndian(recordHeader, (uint)(1_700_000_000 + n / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(recordHeader.AsSpan(4), (uint)(n % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(recordHeader.AsSpan(8), (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(recordHeader.AsSpan(12), (uint)frame.Length);
            await output.WriteAsync(recordHeader, ct);
            await output.WriteAsync(frame, ct);
            bytes += frame.Length;
        }
        return new Source(used, order.Count, (double)bytes / packets);
    }
}
