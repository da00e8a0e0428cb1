#!/usr/bin/env python3
"""Ask the service which backend answers each of the lab's 30 clients, and compare with an earlier run.

Every client is one source address of this node (10.0.1.100 to 10.0.1.129, on eth0) and every request a
new TCP connection from it, so IPVS schedules each one afresh: what a balancer that has never seen the
flow would do.

    flows                          one line per client: its address and the backend that answered
    flows --save before.txt        the same, also written to before.txt
    flows --compare before.txt     which clients kept the backend they had in before.txt
"""
import argparse
import socket
import sys

SERVICE = ("10.96.0.10", 80)
CLIENTS = [f"10.0.1.{i}" for i in range(100, 130)]


def backend_for(client):
    """The last line of the page the service returns to a connection from `client`, or "none"."""
    try:
        with socket.create_connection(SERVICE, timeout=2, source_address=(client, 0)) as s:
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            data = b""
            while len(data) < 65536:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return "none"
    lines = data.decode(errors="replace").strip().splitlines()
    return (lines[-1].strip() or "none") if lines else "none"


def read_mapping(path):
    mapping = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 2:
                mapping[fields[0]] = fields[1]
    return mapping


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--save", metavar="FILE", help="also write the result to FILE")
    parser.add_argument("--compare", metavar="FILE", help="compare with a result saved earlier")
    args = parser.parse_args(argv)
    before = read_mapping(args.compare) if args.compare else None

    now = {client: backend_for(client) for client in CLIENTS}
    if args.save:
        with open(args.save, "w") as f:
            f.writelines(f"{client} {b}\n" for client, b in now.items())

    if before is None:
        for client, b in now.items():
            print(f"{client} {b}")
        return 0

    still_there = set(now.values()) - {"none"}
    kept = kept_alive = alive = 0
    for client, b in now.items():
        was = before.get(client, "?")
        same = was == b
        kept += same
        if was in still_there:
            alive += 1
            kept_alive += same
        print(f"{client} {was:>6} -> {b:<6} {'kept' if same else 'moved'}")
    print(f"\nkept {kept} of {len(now)} clients; of the {alive} whose backend still serves, {kept_alive} kept it")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
