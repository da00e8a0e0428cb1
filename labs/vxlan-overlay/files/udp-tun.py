#!/usr/bin/env python3
"""udp-tun: the core of flannel's old "udp" backend, in forty lines.

    udp-tun DEVICE PORT SUBNET=HOST [SUBNET=HOST ...]

Opens the TUN device DEVICE (creating it if needed) and a UDP socket on PORT (flannel uses 8285).
Every IPv4 packet the kernel routes into DEVICE is read here, its destination looked up in the
SUBNET=HOST table (flannel keeps that table in etcd: one pod subnet per node), and the whole packet
is sent as the payload of one UDP datagram to HOST:PORT. There is no extra header: the UDP payload
*is* the inner IP packet. Datagrams arriving on PORT from a known HOST are written into DEVICE.

Every packet crosses the user/kernel boundary twice on each host (TUN read + UDP send, UDP
receive + TUN write), with a context switch each time. That is why flannel's VXLAN backend, where
the kernel does the same job without leaving kernel space, replaced it.
"""
import fcntl
import ipaddress
import os
import select
import signal
import socket
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main(argv):
    if len(argv) < 4:
        sys.stderr.write("usage: udp-tun DEVICE PORT SUBNET=HOST [SUBNET=HOST ...]\n"
                         "   e.g. udp-tun flannel0 8285 10.5.2.0/24=172.20.0.3\n")
        return 2
    device, port = argv[1], int(argv[2])
    routes = []
    for item in argv[3:]:
        subnet, _, host = item.partition("=")
        try:
            routes.append((ipaddress.IPv4Network(subnet), str(ipaddress.IPv4Address(host))))
        except ValueError as e:
            sys.stderr.write("udp-tun: bad SUBNET=HOST %r: %s\n" % (item, e))
            return 2
    peers = {host for _, host in routes}

    try:
        tun = open_tun(device)
    except OSError as e:
        sys.stderr.write("udp-tun: cannot open TUN device %s: %s\n" % (device, e))
        return 1
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("0.0.0.0", port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("udp-tun: %s <-> UDP %d, peers %s" % (device, port, ", ".join(item for item in argv[3:])), flush=True)

    while True:
        ready, _, _ = select.select([tun, udp], [], [])
        if tun in ready:
            packet = os.read(tun, 65535)
            if len(packet) < 20 or packet[0] >> 4 != 4:
                continue
            dst = ipaddress.IPv4Address(packet[16:20])
            host = next((h for net, h in routes if dst in net), None)
            if host is None:
                print("udp-tun: no node owns %s, dropped" % dst, flush=True)
                continue
            try:
                udp.sendto(packet, (host, port))
            except OSError as e:
                print("udp-tun: cannot send to %s: %s" % (host, e.strerror), flush=True)
        if udp in ready:
            packet, (source, _) = udp.recvfrom(65535)
            if source in peers and len(packet) >= 20:
                os.write(tun, packet)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:
        sys.exit(0)
