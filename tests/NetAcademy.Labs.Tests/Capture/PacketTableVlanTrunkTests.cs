using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Capture;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Tests.Support;

namespace NetAcademy.Labs.Tests.Capture;

/// <summary>
/// The live packet table on a VLAN trunk. The frames are what the table's capture programs wrote on a real trunk port
/// (a VLAN-filtering bridge's eth0, pings in VLANs 10 and 20), recorded in the lab-test VM by
/// <c>tests/NetAcademy.Packets.Tests/Fixtures/record-vlan.sh</c> because this host's kernel has no 802.1Q: tcpdump
/// (what the table runs where it can) and the packet-socket helper (where tcpdump cannot run). Each is played as the
/// node program's output into a real <see cref="CaptureSession"/>, the path the table and the grader share; every
/// row the page gets must carry the 802.1Q layer, and its fields must be tshark's for the same frame.
/// </summary>
public sealed class PacketTableVlanTrunkTests
{
    private static readonly string[] Fields = ["vlan.id", "eth.src", "eth.dst", "arp.opcode", "ip.src", "ip.dst", "icmp.type"];

    [Theory]
    [InlineData("vlan-trunk-tcpdump.pcap", CaptureMode.Tcpdump)]
    [InlineData("vlan-trunk.pcap", CaptureMode.PacketSocket)]
    public async Task LiveRows_OnATrunk_CarryThe8021QLayerAsTsharkShowsIt(string fixture, CaptureMode mode)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture);
        var expected = await Tshark.FieldsAsync(path, Fields, CancellationToken.None);
        var shell = new RecordedNodeShell(await File.ReadAllBytesAsync(path));
        var capture = new CaptureSession("vlan", new CaptureRequest(SessionId.New(), [RecordedNodeShell.Node], RecordedNodeShell.Node, null, "eth0", null),
            null, new CaptureOptions { Mode = mode }, shell, TimeProvider.System, NullLogger.Instance);
        await capture.StartAsync(CancellationToken.None);
        Assert.Equal(mode, capture.Mode);

        var rows = new List<CapturedPacket>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await foreach (var item in capture.SubscribeAsync(0, timeout.Token))
            {
                if (item.Packet is { } row)
                {
                    rows.Add(row);
                }
                if (rows.Count == expected.Count)
                {
                    break;
                }
            }
        }
        await capture.StopAsync(CancellationToken.None);

        Assert.Equal(expected.Count, rows.Count);
        var vids = new HashSet<string>();
        for (var p = 0; p < rows.Count; p++)
        {
            var row = rows[p];
            Assert.True(row.Layers is [{ Kind: "Ethernet" }, { Kind: "Vlan", Offset: 14, Length: 4 }, ..],
                $"row {p + 1} ({row.Summary}) has no 802.1Q layer after Ethernet: {string.Join(", ", row.Layers.Select(l => l.Kind))}");
            Assert.Contains("802.1Q vid=" + expected[p][0], row.Summary, StringComparison.Ordinal);
            var fields = row.Fields.ToDictionary(f => f.Name, f => f.Value);
            for (var f = 0; f < Fields.Length; f++)
            {
                var theirs = f < expected[p].Length ? expected[p][f] : "";
                Assert.True(theirs == fields.GetValueOrDefault(Fields[f], ""),
                    $"row {p + 1} {Fields[f]}: tshark '{theirs}', packet table '{fields.GetValueOrDefault(Fields[f])}'");
            }
            vids.Add(fields["vlan.id"]);
        }
        Assert.Equal(["10", "20"], vids.Order());

        // The download (and the grader, which reads the same ring) holds the frames as written, tags included.
        var kept = new CaptureBufferReader(capture.ToPcap());
        var recorded = new CaptureBufferReader(await File.ReadAllBytesAsync(path));
        for (var p = 0; p < rows.Count; p++)
        {
            Assert.True(kept.TryReadNext(out var ours) && recorded.TryReadNext(out var theirs) && ours.Data.Span.SequenceEqual(theirs.Data.Span),
                $"packet {p + 1} of the capture's pcap differs from the recorded frame");
        }
    }

    /// <summary>
    /// A node whose capture program writes the recorded capture and then keeps running, as tcpdump or the helper would
    /// until stopped; <c>tcpdump -ddd</c> compiles the accept-all filter for the helper.
    /// </summary>
    private sealed class RecordedNodeShell(byte[] pcap) : INodeShell
    {
        public static readonly NodeName Node = new("sw");

        public Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(argv.Contains("-ddd") ? new ExecResult(0, "1\n6 0 0 262144\n", "", false) : new ExecResult(1, "", "unexpected", false));

        public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken)
        {
            var program = argv.Contains("/usr/bin/tcpdump") ? "tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 512 bytes\n"
                : argv.Contains("python3") ? "listening on eth0, link-type 1, snapshot length 512 bytes\n"
                : throw new InvalidOperationException($"not a capture program: {string.Join(' ', argv)}");
            return Task.FromResult<INodeProcess>(new NetAcademy.Testing.Runtime.FakeNodeProcess(
                [(NodeOutputStream.Stderr, Encoding.UTF8.GetBytes(program)), (NodeOutputStream.Stdout, pcap)], keepsRunning: true));
        }
    }
}
