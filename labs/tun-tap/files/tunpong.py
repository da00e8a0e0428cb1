#!/usr/bin/env python3
"""tunpong: answer the pings the kernel routes into a TUN (or TAP) device, from user space.

Usage:  tunpong [--tap] [IFNAME]      (default tun0, or tap0 with --tap)

The program attaches to an existing device (create it first with `ip tuntap add`), then loops:
read one packet, print one line about it, and if it is an ICMP echo request, write back the
echo reply. Every other packet is printed and dropped. Stop it with Ctrl-C.

A TUN device hands us bare IP packets. A TAP device hands us Ethernet frames, so in TAP mode we
must also answer ARP: the kernel will not send an IP packet to a neighbour whose MAC it does not know.
"""

import argparse
import fcntl
import os
import struct
import sys

# From <linux/if_tun.h>: the ioctl that binds an open /dev/net/tun file to an interface, and its flags.
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000  # no 4-byte "packet information" header in front of each packet

ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD

# The MAC address this program answers with in TAP mode: locally administered, never a real card.
FAKE_MAC = bytes.fromhex("020000c0ffee")


def checksum(data: bytes) -> int:
    """The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ip4(raw: bytes) -> str:
    return ".".join(str(b) for b in raw)


def mac(raw: bytes) -> str:
    return ":".join(f"{b:02x}" for b in raw)


ICMP_NAMES = {0: "echo reply", 3: "dest unreachable", 8: "echo request", 11: "time exceeded"}


def describe_ipv4(packet: bytes) -> str:
    if len(packet) < 20:
        return f"IPv4 (truncated, {len(packet)} bytes)"
    ihl = (packet[0] & 0x0F) * 4
    proto = packet[9]
    text = f"IPv4 {ip4(packet[12:16])} > {ip4(packet[16:20])}"
    if proto == 1 and len(packet) >= ihl + 8:
        icmp_type = packet[ihl]
        ident, seq = struct.unpack("!HH", packet[ihl + 4:ihl + 8])
        name = ICMP_NAMES.get(icmp_type, f"type {icmp_type}")
        text += f" ICMP {name}"
        if icmp_type in (0, 8):
            text += f" id={ident} seq={seq}"
    elif proto == 6:
        text += " TCP"
    elif proto == 17:
        text += " UDP"
    else:
        text += f" proto={proto}"
    return text + f" len={len(packet)}"


def echo_reply(packet: bytes) -> bytes | None:
    """The echo reply to an IPv4 ICMP echo request, or None when the packet is anything else."""
    if len(packet) < 28 or packet[0] >> 4 != 4 or packet[9] != 1:
        return None
    ihl = (packet[0] & 0x0F) * 4
    total = struct.unpack("!H", packet[2:4])[0]
    flags_frag = struct.unpack("!H", packet[6:8])[0]
    if ihl < 20 or total > len(packet) or flags_frag & 0x3FFF or packet[ihl] != 8:
        return None  # not an echo request, or a fragment we will not reassemble
    packet = packet[:total]

    # IP header: same header with source and destination swapped, a fresh TTL and a new checksum.
    header = bytearray(packet[:ihl])
    header[12:16], header[16:20] = packet[16:20], packet[12:16]
    header[8] = 64
    header[10:12] = b"\0\0"
    header[10:12] = struct.pack("!H", checksum(bytes(header)))

    # ICMP: type 8 (request) becomes 0 (reply); id, sequence and payload stay, the checksum covers them all.
    icmp = bytearray(packet[ihl:])
    icmp[0] = 0
    icmp[1] = 0
    icmp[2:4] = b"\0\0"
    icmp[2:4] = struct.pack("!H", checksum(bytes(icmp)))
    return bytes(header) + bytes(icmp)


def handle_tun(packet: bytes) -> tuple[str, bytes | None]:
    version = packet[0] >> 4 if packet else 0
    if version == 4:
        return describe_ipv4(packet), echo_reply(packet)
    if version == 6:
        return f"IPv6 packet len={len(packet)} (ignored)", None
    return f"not an IP packet, {len(packet)} bytes (ignored)", None


def handle_tap(frame: bytes) -> tuple[str, bytes | None]:
    if len(frame) < 14:
        return f"runt frame, {len(frame)} bytes (ignored)", None
    dst, src, ethertype = frame[0:6], frame[6:12], struct.unpack("!H", frame[12:14])[0]
    eth = f"Ethernet {mac(src)} > {mac(dst)}"
    payload = frame[14:]
    if ethertype == ETH_P_ARP and len(payload) >= 28:
        op = struct.unpack("!H", payload[6:8])[0]
        sha, spa, tpa = payload[8:14], payload[14:18], payload[24:28]
        if op == 1:
            text = f"{eth} ARP who-has {ip4(tpa)} tell {ip4(spa)}"
            if spa == tpa:
                return text + " (gratuitous, ignored)", None
            # Claim every address the kernel asks about: we are "the rest of the subnet".
            arp = struct.pack("!HHBBH", 1, ETH_P_IP, 6, 4, 2) + FAKE_MAC + tpa + sha + spa
            return text, sha + FAKE_MAC + struct.pack("!H", ETH_P_ARP) + arp
        if op == 2:
            return f"{eth} ARP reply {ip4(spa)} is-at {mac(sha)}", None
        return f"{eth} ARP op={op} (ignored)", None
    if ethertype == ETH_P_IP:
        reply = echo_reply(payload)
        text = f"{eth} {describe_ipv4(payload)}"
        return text, None if reply is None else src + FAKE_MAC + struct.pack("!H", ETH_P_IP) + reply
    if ethertype == ETH_P_IPV6:
        return f"{eth} IPv6 (ignored)", None
    return f"{eth} type 0x{ethertype:04x} (ignored)", None


def attach(name: str, tap: bool) -> int:
    kind = "tap" if tap else "tun"
    # TUNSETIFF on a name that does not exist would quietly create a new, temporary device with no
    # address. Insist on the device the learner made, so the lesson's picture stays true.
    if not os.path.exists(f"/sys/class/net/{name}"):
        raise SystemExit(f"tunpong: there is no interface {name}; create it first with `ip tuntap add {name} mode {kind}`.")
    fd = os.open("/dev/net/tun", os.O_RDWR)
    flags = (IFF_TAP if tap else IFF_TUN) | IFF_NO_PI
    try:
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), flags))
    except OSError as e:
        os.close(fd)
        other = "tunpong" if tap else "tunpong --tap"
        reason = {
            22: f"it is not a {kind.upper()} device; for that one use `{other} {name}`",  # EINVAL
            16: "another program already has it open",  # EBUSY
            1: "permission denied: the program needs CAP_NET_ADMIN",  # EPERM
        }.get(e.errno, e.strerror)
        raise SystemExit(f"tunpong: cannot attach to {name}: {reason}.")
    return fd


def main() -> int:
    parser = argparse.ArgumentParser(description="Answer pings routed into a TUN/TAP device.")
    parser.add_argument("--tap", action="store_true", help="the device is a TAP (Ethernet frames, answers ARP too)")
    parser.add_argument("ifname", nargs="?", help="device name (default tun0, or tap0 with --tap)")
    args = parser.parse_args()
    name = args.ifname or ("tap0" if args.tap else "tun0")
    handle = handle_tap if args.tap else handle_tun

    fd = attach(name, args.tap)
    print(f"tunpong: attached to {name} ({'TAP' if args.tap else 'TUN'}); waiting for packets, Ctrl-C stops",
          flush=True)
    try:
        while True:
            packet = os.read(fd, 65535)  # one read returns exactly one packet (or frame)
            text, reply = handle(packet)
            print(f"{name} in : {text}", flush=True)
            if reply is not None:
                os.write(fd, reply)
                out, _ = handle(reply)
                print(f"{name} out: {out}", flush=True)
    except KeyboardInterrupt:
        return 0
    finally:
        os.close(fd)


if __name__ == "__main__":
    sys.exit(main())
