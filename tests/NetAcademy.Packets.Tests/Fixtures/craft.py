#!/usr/bin/env python3
"""Sends hand-built packets for the fixture captures (run inside a lab container by record.sh).

Kernel raw sockets add the outer IP header for the tunnel cases; AF_PACKET sends whole
frames for the cases the kernel in the lab image cannot build (802.1Q, QinQ, IPv6 extension
headers). The receiving container's tcpdump records what actually crossed the veth.
"""
import socket
import struct
import sys
import time


def csum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def ip4(addr):
    return socket.inet_aton(addr)


def ip6(addr):
    return socket.inet_pton(socket.AF_INET6, addr)


def ipv4(src, dst, proto, payload, ident=1, frag=0x4000, ttl=64):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, frag, ttl, proto, 0, ip4(src), ip4(dst))
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + payload


def ipv6(src, dst, next_header, payload, hop_limit=64):
    return struct.pack("!IHBB", 0x60000000, len(payload), next_header, hop_limit) + ip6(src) + ip6(dst) + payload


def icmp_echo(ident, seq, data=b"netacademy"):
    body = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + data
    return body[:2] + struct.pack("!H", csum(body)) + body[4:]


def icmp6_echo(src, dst, ident, seq, data=b"netacademy"):
    body = struct.pack("!BBHHH", 128, 0, 0, ident, seq) + data
    pseudo = ip6(src) + ip6(dst) + struct.pack("!I3xB", len(body), 58)
    return body[:2] + struct.pack("!H", csum(pseudo + body)) + body[4:]


def udp6(src, dst, sport, dport, data):
    body = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    pseudo = ip6(src) + ip6(dst) + struct.pack("!I3xB", len(body), 17)
    return body[:6] + struct.pack("!H", csum(pseudo + body) or 0xFFFF) + body[8:]


def mac(text):
    return bytes(int(part, 16) for part in text.split(":"))


def eth(dst, src, ethertype, payload):
    return mac(dst) + mac(src) + struct.pack("!H", ethertype) + payload


def arp_request(src_mac, src_ip, target_ip):
    return struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac(src_mac) + ip4(src_ip) + b"\0" * 6 + ip4(target_ip)


def tunnels(peer4, peer6):
    """IPIP, GRE (three payload kinds), 6in4, 4in6 and Geneve towards the peer."""
    ipip = socket.socket(socket.AF_INET, socket.SOCK_RAW, 4)
    for seq in (1, 2):
        ipip.sendto(ipv4("10.1.0.1", "10.2.0.1", 1, icmp_echo(7, seq), ident=seq), (peer4, 0))
    gre = socket.socket(socket.AF_INET, socket.SOCK_RAW, 47)
    gre.sendto(struct.pack("!HHII", 0x3000, 0x0800, 1000, 1) + ipv4("10.3.0.1", "10.4.0.1", 1, icmp_echo(9, 1)), (peer4, 0))
    inner6 = ipv6("2001:db8::1", "2001:db8::2", 58, icmp6_echo("2001:db8::1", "2001:db8::2", 11, 1))
    gre.sendto(struct.pack("!HH", 0x0000, 0x86DD) + inner6, (peer4, 0))
    inner_eth = eth("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:01", 0x0806, arp_request("02:00:00:00:00:01", "10.5.0.1", "10.5.0.2"))
    gre_hdr = struct.pack("!HHHHI", 0xA000, 0x6558, 0, 0, 77)
    body = inner_eth
    gre_c = gre_hdr[:4] + struct.pack("!H", csum(gre_hdr + body)) + gre_hdr[6:]
    gre.sendto(gre_c + body, (peer4, 0))
    sit = socket.socket(socket.AF_INET, socket.SOCK_RAW, 41)
    sit.sendto(inner6, (peer4, 0))
    four_in_six = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 4)
    four_in_six.sendto(ipv4("10.6.0.1", "10.7.0.1", 1, icmp_echo(13, 1)), (peer6, 0))
    geneve = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    inner = eth("02:00:00:00:00:02", "02:00:00:00:00:01", 0x0800, ipv4("10.8.0.1", "10.8.0.2", 1, icmp_echo(15, 1)))
    geneve.sendto(struct.pack("!BBHI", 0, 0, 0x6558, 0x123 << 8) + inner, (peer4, 6081))
    option = struct.pack("!HBB", 0x0102, 0x80, 1) + b"\x01\x02\x03\x04"
    geneve.sendto(struct.pack("!BBHI", len(option) // 4, 0, 0x6558, 0x456 << 8) + option + inner, (peer4, 6081))


def frames(iface, dst_mac, src4, dst4):
    """Frames the lab kernel cannot build itself: VLAN tags, QinQ, IPv6 extension headers, LLDP."""
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((iface, 0))
    src_mac = open("/sys/class/net/%s/address" % iface).read().strip()
    tag = struct.pack("!HH", (3 << 13) | 10, 0x0800)
    sock.send(eth(dst_mac, src_mac, 0x8100, tag + ipv4("10.10.0.1", "10.10.0.2", 1, icmp_echo(21, 1))))
    qinq = struct.pack("!HHHH", 100, 0x8100, 10, 0x0806) + arp_request(src_mac, "10.10.0.1", "10.10.0.2")
    sock.send(eth(dst_mac, src_mac, 0x88A8, qinq))
    src6, dst6 = "fd00::2", "fd00::3"
    udp = udp6(src6, dst6, 40001, 9000, b"ext-headers")
    dest_opts = struct.pack("!BB", 17, 0) + b"\x01\x04\x00\x00\x00\x00"
    fragment = struct.pack("!BBHI", 60, 0, 0, 0x1234)
    routing = struct.pack("!BBBBI", 44, 2, 0, 1, 0) + ip6(dst6)
    hop = struct.pack("!BB", 43, 0) + b"\x01\x04\x00\x00\x00\x00"
    sock.send(eth(dst_mac, src_mac, 0x86DD, ipv6(src6, dst6, 0, hop + routing + fragment + dest_opts + udp)))
    lldp = struct.pack("!HB", (1 << 9) | 7, 4) + src_mac.encode()[:6] + b"\x00\x00"
    # Unicast: the Docker bridge drops the LLDP multicast group (IEEE 802.1D reserved addresses).
    sock.send(eth(dst_mac, src_mac, 0x88CC, lldp))


def dns_client(server):
    query = struct.pack("!HHHHHH", 0x1A2B, 0x0100, 1, 0, 0, 0) + b"\x03www\x0anetacademy\x04test\x00" + struct.pack("!HH", 1, 1)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.settimeout(2)
    udp.sendto(query, (server, 53))
    udp.recvfrom(512)
    query6 = struct.pack("!HHHHHH", 0x3C4D, 0x0100, 1, 0, 0, 0) + b"\x04mail\x0anetacademy\x04test\x00" + struct.pack("!HH", 28, 1)
    tcp = socket.create_connection((server, 53), timeout=2)
    tcp.sendall(struct.pack("!H", len(query6)) + query6)
    tcp.recv(512)
    tcp.close()


def dns_server():
    """Answers every query with NXDOMAIN, over UDP and TCP, until killed."""
    import threading

    def answer(query):
        return query[:2] + struct.pack("!HHHHH", 0x8183, 1, 0, 0, 0) + query[12:]

    def serve_udp():
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("0.0.0.0", 53))
        while True:
            data, peer = sock.recvfrom(512)
            sock.sendto(answer(data), peer)

    threading.Thread(target=serve_udp, daemon=True).start()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("0.0.0.0", 53))
    listener.listen(4)
    while True:
        conn, _ = listener.accept()
        data = conn.recv(512)
        reply = answer(data[2:])
        conn.sendall(struct.pack("!H", len(reply)) + reply)
        time.sleep(0.1)
        conn.close()


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "tunnels":
        tunnels(sys.argv[2], sys.argv[3])
    elif command == "frames":
        frames(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    elif command == "dns-client":
        dns_client(sys.argv[2])
    elif command == "dns-server":
        dns_server()
    else:
        sys.exit("unknown command " + command)
