namespace NetAcademy.Labs.Capture;

/// <summary>
/// A python3 capture program for nodes where tcpdump cannot run (it insists on switching user, which needs
/// CAP_SETGID). Usage: <c>python3 -c SCRIPT IFACE SNAPLEN BPF</c> where BPF is <c>tcpdump -ddd</c>'s program as
/// "code jt jf k,...". It opens an AF_PACKET socket that receives nothing until bound, attaches the filter, binds
/// to the interface, and writes a nanosecond pcap to stdout, one flushed record per packet (like <c>tcpdump -U</c>).
/// Like libpcap it drops the duplicate outgoing copy on loopback, reinserts VLAN tags the NIC stripped
/// (PACKET_AUXDATA) and uses kernel timestamps (SO_TIMESTAMPNS). It prints tcpdump's "listening on" line once ready.
/// </summary>
internal static class PacketSocketScript
{
    /// <summary>The program text.</summary>
    public const string Source = """
import ctypes, os, socket, struct, sys, time

def main():
    iface, snap = sys.argv[1], int(sys.argv[2])
    code = [tuple(int(v) for v in i.split()) for i in sys.argv[3].split(',')]
    raw = b''.join(struct.pack('HBBI', *c) for c in code)
    prog = ctypes.create_string_buffer(raw, len(raw))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    s.setsockopt(socket.SOL_SOCKET, 26, struct.pack('HL', len(code), ctypes.addressof(prog)))
    s.setsockopt(263, 8, 1)
    s.setsockopt(socket.SOL_SOCKET, 35, 1)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    except OSError:
        pass
    # ETH_P_ALL in host order: Python's AF_PACKET address converts it to network order itself.
    s.bind((iface, 3))
    hatype = s.getsockname()[3]
    dlt = 1 if hatype in (1, 772) else 101 if hatype in (65534, 768, 769, 776, 778, 823, 519) else None
    if dlt is None:
        sys.stderr.write('capture: %s: interface type %d cannot be captured here\n' % (iface, hatype))
        sys.exit(1)
    out = sys.stdout.buffer
    out.write(struct.pack('<IHHiIII', 0xa1b23c4d, 2, 4, 0, 0, snap, dlt))
    out.flush()
    sys.stderr.write('listening on %s, link-type %d, snapshot length %d bytes\n' % (iface, dlt, snap))
    sys.stderr.flush()
    loop = hatype == 772
    space = socket.CMSG_SPACE(20) + socket.CMSG_SPACE(16)
    header = struct.Struct('<IIII').pack
    while True:
        data, anc, flags, addr = s.recvmsg(snap, space)
        if loop and addr[2] == 4:
            continue
        wire = len(data)
        stamp = None
        for level, kind, value in anc:
            if level == 263 and kind == 8 and len(value) >= 20:
                status, wire, _, _, _, tci, tpid = struct.unpack_from('IIIHHHH', value)
                if dlt == 1 and (tci or status & 0x10) and len(data) >= 12:
                    data = data[:12] + struct.pack('!HH', tpid if status & 0x40 else 0x8100, tci) + data[12:]
                    wire += 4
            elif level == socket.SOL_SOCKET and kind == 35 and len(value) >= 16:
                stamp = struct.unpack_from('qq', value)
        sec, nsec = stamp if stamp else divmod(time.time_ns(), 1000000000)
        out.write(header(sec, nsec, len(data), max(wire, len(data))) + data)
        out.flush()

try:
    main()
except (BrokenPipeError, KeyboardInterrupt):
    os._exit(0)
except OSError as e:
    sys.stderr.write('capture: %s\n' % e)
    os._exit(1)
""";
}
