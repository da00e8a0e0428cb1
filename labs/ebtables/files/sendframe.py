#!/usr/bin/env python3
"""Send one hand-made Ethernet frame carrying an IPv4/UDP datagram, with any source MAC you like.

Usage: sendframe IFACE SRC_MAC DST_MAC SRC_IP DST_IP DPORT [TEXT]

The kernel would always put the interface's own MAC in the frame; a packet socket (AF_PACKET, SOCK_RAW)
sends the bytes exactly as written, which is what a host forging another host's MAC does. Needs CAP_NET_RAW.
"""
import socket
import struct
import sys


def mac_bytes(text):
    parts = text.split(":")
    if len(parts) != 6:
        raise ValueError("not a MAC address: %s" % text)
    return bytes(int(p, 16) for p in parts)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def frame(src_mac, dst_mac, src_ip, dst_ip, dport, payload):
    src, dst = socket.inet_aton(src_ip), socket.inet_aton(dst_ip)
    sport = 40000
    udp_len = 8 + len(payload)
    pseudo = src + dst + struct.pack("!BBH", 0, socket.IPPROTO_UDP, udp_len)
    udp = struct.pack("!HHHH", sport, dport, udp_len, 0) + payload
    udp_sum = checksum(pseudo + udp) or 0xFFFF
    udp = struct.pack("!HHHH", sport, dport, udp_len, udp_sum) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 0x1234, 0, 64, socket.IPPROTO_UDP, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return mac_bytes(dst_mac) + mac_bytes(src_mac) + struct.pack("!H", 0x0800) + ip + udp


def main(argv):
    if len(argv) not in (7, 8):
        sys.stderr.write(__doc__)
        return 2
    iface, src_mac, dst_mac, src_ip, dst_ip, dport = argv[1:7]
    text = argv[7] if len(argv) == 8 else "forged frame"
    data = frame(src_mac, dst_mac, src_ip, dst_ip, int(dport), text.encode())
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
        s.bind((iface, 0))
        s.send(data)
    print("sent %d bytes on %s: %s > %s, %s > %s udp/%s" % (len(data), iface, src_mac, dst_mac, src_ip, dst_ip, dport))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
