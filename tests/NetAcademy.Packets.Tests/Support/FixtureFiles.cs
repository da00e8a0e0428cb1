using NetAcademy.Packets.Capture;

namespace NetAcademy.Packets.Tests.Support;

/// <summary>The recorded captures under Fixtures/ (see Fixtures/record.sh) and helpers to read them.</summary>
internal static class FixtureFiles
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<string> CaptureNames =>
        System.IO.Directory.EnumerateFiles(Directory)
            .Where(path => path.EndsWith(".pcap", StringComparison.Ordinal) || path.EndsWith(".pcapng", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> Captures()
    {
        var data = new TheoryData<string>();
        foreach (var name in CaptureNames)
        {
            data.Add(name);
        }

        return data;
    }

    public static string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>All packets of a capture, copied out of the reader's buffer.</summary>
    public static List<(LinkType LinkType, byte[] Data)> ReadPackets(string name)
    {
        var reader = new CaptureBufferReader(File.ReadAllBytes(PathOf(name)));
        var packets = new List<(LinkType, byte[])>();
        while (reader.TryReadNext(out var record))
        {
            packets.Add((record.LinkType, record.Data.ToArray()));
        }

        return packets;
    }
}
