#!/usr/bin/env python3
"""ipip-tun: an IP-in-IP tunnel endpoint in user space.

    ipip-tun DEVICE REMOTE

Opens the TUN device DEVICE (creating it if needed) and moves packets between it and the
underlay:

  * every IPv4 packet the kernel routes into DEVICE is sent to REMOTE through a raw socket of
    protocol 4 (IPPROTO_IPIP). The kernel writes the outer IPv4 header itself: source = this
    node's underlay address, destination = REMOTE, protocol = 4. That is exactly what the
    kernel's own ipip driver puts on the wire (RFC 2003).
  * every protocol-4 packet that arrives from REMOTE is handed to us by the same raw socket,
    outer header included; we strip it and write the inner packet into DEVICE, where the
    kernel receives it as if it had arrived on an ordinary interface.

Like the kernel driver, the outer header copies the Don't Fragment bit of the inner one, so a
packet that is too big for the underlay is dropped (and counted) instead of being fragmented
behind the sender's back: lower the MTU of DEVICE to leave room for the 20-byte outer header.

The device disappears when the program exits. Stop it with Ctrl-C or kill.
"""
import fcntl
import os
import select
import signal
import socket
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000  # no 4-byte packet-information prefix: reads and writes are bare IP packets
IPPROTO_IPIP = 4
IP_MTU_DISCOVER = 10
IP_PMTUDISC_DONT = 0
IP_PMTUDISC_DO = 2


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    ifr = struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI)
    fcntl.ioctl(fd, TUNSETIFF, ifr)
    return fd


def describe(packet):
    if len(packet) < 20:
        return "%d bytes" % len(packet)
    src = socket.inet_ntoa(packet[12:16])
    dst = socket.inet_ntoa(packet[16:20])
    return "%s > %s proto %d, %d bytes" % (src, dst, packet[9], len(packet))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: ipip-tun DEVICE REMOTE   (e.g. ipip-tun tun0 172.20.0.3)\n")
        return 2
    device, remote = argv[1], argv[2]
    try:
        socket.inet_aton(remote)
    except OSError:
        sys.stderr.write("ipip-tun: %r is not an IPv4 address\n" % remote)
        return 2

    try:
        tun = open_tun(device)
    except OSError as e:
        sys.stderr.write("ipip-tun: cannot open TUN device %s: %s\n" % (device, e))
        return 1
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_IPIP)
    df_mode = None

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("ipip-tun: %s <-> IPIP <-> %s (bring %s up and give it an address)" % (device, remote, device), flush=True)
    sent = received = dropped = 0
    while True:
        ready, _, _ = select.select([tun, raw], [], [])
        if tun in ready:
            inner = os.read(tun, 65535)
            if len(inner) < 20 or inner[0] >> 4 != 4:
                continue  # IPv6 or junk: IPIP carries IPv4 only
            want = IP_PMTUDISC_DO if inner[6] & 0x40 else IP_PMTUDISC_DONT
            if want != df_mode:
                raw.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, want)
                df_mode = want
            try:
                raw.sendto(inner, (remote, 0))
                sent += 1
            except OSError as e:
                dropped += 1
                print("ipip-tun: dropped %s: %s (outer packet would be %d bytes; is the MTU of %s too big?)"
                      % (describe(inner), e.strerror, len(inner) + 20, device), flush=True)
        if raw in ready:
            outer, (source, _) = raw.recvfrom(65535)
            if source != remote:
                continue  # not from our peer: a real tunnel ignores it too
            header_len = (outer[0] & 0x0F) * 4
            inner = outer[header_len:]
            if len(inner) < 20:
                continue
            os.write(tun, inner)
            received += 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:
        sys.exit(0)
