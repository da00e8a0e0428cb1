#!/usr/bin/env python3
"""A userspace firewall: read packets from an NFQUEUE and give each one a verdict.

Usage: nfq-verdict [--queue N] [--drop-word WORD]...

Binds to netfilter queue N (default 1) over an nfnetlink socket, asks the kernel to copy whole packets,
prints one line per packet and answers ACCEPT, or DROP when the packet's payload contains one of the
--drop-words. While the program runs, packets that iptables sends to `-j NFQUEUE --queue-num N` wait in the
kernel for its answer. Needs CAP_NET_ADMIN. Stop it with Ctrl-C.

This speaks the nfnetlink_queue protocol directly (what libnetfilter_queue wraps), so every message the
kernel and the program exchange is visible below: a netlink header, a netfilter header, then attributes.
"""
import argparse
import errno
import os
import signal
import socket
import struct
import sys

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NLM_F_REQUEST, NLM_F_ACK = 0x1, 0x4
NLMSG_ERROR, NLMSG_DONE = 2, 3
# Attributes of a config message, of a queued packet, and of a verdict.
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQNL_CFG_CMD_BIND, NFQNL_CFG_CMD_UNBIND = 1, 2
NFQNL_COPY_PACKET = 2
NFQA_PACKET_HDR, NFQA_VERDICT_HDR, NFQA_PAYLOAD = 1, 2, 10
NF_DROP, NF_ACCEPT = 0, 1
NLMSG_HDR = struct.Struct("=IHHII")     # length, type, flags, sequence, port id (host byte order)
NFGEN_HDR = struct.Struct("!BBH")       # family, version, resource id = queue number (network order)
NLA_HDR = struct.Struct("=HH")          # attribute length, type


def attr(kind, data):
    """One netlink attribute, padded to 4 bytes."""
    raw = NLA_HDR.pack(NLA_HDR.size + len(data), kind) + data
    return raw + b"\0" * (-len(raw) % 4)


def attrs(data):
    """The attributes of a message body as {type: bytes}."""
    found, pos = {}, 0
    while pos + NLA_HDR.size <= len(data):
        length, kind = NLA_HDR.unpack_from(data, pos)
        if length < NLA_HDR.size:
            break
        found[kind & 0x3FFF] = data[pos + NLA_HDR.size:pos + length]   # strip NESTED / BYTEORDER flags
        pos += (length + 3) & ~3
    return found


class Queue:
    """One bound netfilter queue on an nfnetlink socket."""

    def __init__(self, number):
        self.number = number
        self.seq = 0
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
        self.sock.bind((0, 0))
        # Replies to our config requests come back as NLMSG_ERROR with error 0 when they worked.
        self.config(attr(NFQA_CFG_CMD, struct.pack("!BxH", NFQNL_CFG_CMD_BIND, socket.AF_INET)))
        self.config(attr(NFQA_CFG_PARAMS, struct.pack("!IB", 0xFFFF, NFQNL_COPY_PACKET)))

    def send(self, msg_type, flags, family, body):
        self.seq += 1
        payload = NFGEN_HDR.pack(family, 0, self.number) + body
        header = NLMSG_HDR.pack(NLMSG_HDR.size + len(payload), (NFNL_SUBSYS_QUEUE << 8) | msg_type,
                                NLM_F_REQUEST | flags, self.seq, 0)
        self.sock.send(header + payload)

    def config(self, body):
        self.send(NFQNL_MSG_CONFIG, NLM_F_ACK, socket.AF_UNSPEC, body)
        data = self.sock.recv(65535)
        length, kind = NLMSG_HDR.unpack_from(data)[:2]
        if kind == NLMSG_ERROR:
            error = -struct.unpack_from("=i", data, NLMSG_HDR.size)[0]
            if error:
                raise OSError(error, "nfqueue config for queue %d: %s" % (self.number, os.strerror(error)))

    def verdict(self, packet_id, verdict):
        self.send(NFQNL_MSG_VERDICT, 0, socket.AF_UNSPEC, attr(NFQA_VERDICT_HDR, struct.pack("!II", verdict, packet_id)))

    def packets(self):
        """Yields (packet id, packet bytes) for every queued packet, forever."""
        while True:
            data = self.sock.recv(0x20000)
            pos = 0
            while pos + NLMSG_HDR.size <= len(data):
                length, kind, _, _, _ = NLMSG_HDR.unpack_from(data, pos)
                if length < NLMSG_HDR.size:
                    break
                body = data[pos + NLMSG_HDR.size:pos + length]
                pos += (length + 3) & ~3
                if kind == NLMSG_ERROR:
                    error = -struct.unpack_from("=i", body)[0]
                    if error:
                        print("kernel error: %s" % os.strerror(error), file=sys.stderr)
                    continue
                if kind != (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
                    continue
                found = attrs(body[NFGEN_HDR.size:])
                if NFQA_PACKET_HDR not in found:
                    continue
                packet_id = struct.unpack_from("!I", found[NFQA_PACKET_HDR])[0]
                yield packet_id, found.get(NFQA_PAYLOAD, b"")


def describe(packet):
    """A one-line summary of an IPv4 packet, and its transport payload."""
    if len(packet) < 20 or packet[0] >> 4 != 4:
        return "non-IPv4 packet (%d bytes)" % len(packet), packet
    ihl = (packet[0] & 0xF) * 4
    proto = packet[9]
    src, dst = socket.inet_ntoa(packet[12:16]), socket.inet_ntoa(packet[16:20])
    rest = packet[ihl:]
    if proto == socket.IPPROTO_UDP and len(rest) >= 8:
        sport, dport = struct.unpack_from("!HH", rest)
        return "UDP %s:%d > %s:%d" % (src, sport, dst, dport), rest[8:]
    if proto == socket.IPPROTO_TCP and len(rest) >= 20:
        sport, dport = struct.unpack_from("!HH", rest)
        return "TCP %s:%d > %s:%d" % (src, sport, dst, dport), rest[(rest[12] >> 4) * 4:]
    if proto == socket.IPPROTO_ICMP:
        return "ICMP %s > %s" % (src, dst), rest[8:]
    return "IP proto %d %s > %s" % (proto, src, dst), rest


def main():
    parser = argparse.ArgumentParser(description="Give verdicts on packets from a netfilter queue.")
    parser.add_argument("--queue", type=int, default=1, help="queue number (iptables --queue-num), default 1")
    parser.add_argument("--drop-word", action="append", default=[], metavar="WORD",
                        help="drop packets whose payload contains WORD (may be given more than once)")
    args = parser.parse_args()
    words = [w.encode() for w in args.drop_word]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        queue = Queue(args.queue)
    except OSError as e:
        hint = " (is another program bound to this queue?)" if e.errno in (errno.EBUSY, errno.EEXIST) else ""
        sys.exit("nfq-verdict: cannot bind queue %d: %s%s" % (args.queue, e.strerror or e, hint))
    print("bound to queue %d; dropping payloads containing %s" % (args.queue, args.drop_word or "nothing"), flush=True)
    try:
        for packet_id, packet in queue.packets():
            summary, payload = describe(packet)
            verdict = NF_DROP if any(w in payload for w in words) else NF_ACCEPT
            queue.verdict(packet_id, verdict)
            shown = payload[:32].decode("ascii", "replace").strip()
            print("#%d %s %r -> %s" % (packet_id, summary, shown, "DROP" if verdict == NF_DROP else "ACCEPT"), flush=True)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
