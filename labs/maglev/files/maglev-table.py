#!/usr/bin/env python3
"""Print a Maglev lookup table for a small table size, step by step, to check one built by hand.

Each backend gets an offset and a skip from two hashes of its name (or from NAME:OFFSET:SKIP), which give
its preference list, permutation[j] = (offset + j * skip) mod M. The table is then filled as in the Maglev
paper (Eisenbud et al., NSDI 2016, section 3.4, "Pseudocode 1"): the backends take turns, each claiming the
next slot of its permutation that is still free, until all M slots are taken.

    maglev-table -m 13 web1 web2 web3        offsets, skips, permutations and the filled table
    maglev-table -m 13 --steps web1 web2     also every turn of the fill
    maglev-table -m 7 B0:3:4 B1:0:2 B2:3:1   the paper's example (its Table 1)
"""
import argparse
import hashlib
import sys


def name_hash(label, name):
    """One of two independent hashes of a backend name (the paper's h1 and h2), as a large integer."""
    return int.from_bytes(hashlib.sha256(f"{label}:{name}".encode()).digest()[:8], "big")


def is_prime(m):
    return m >= 2 and all(m % d for d in range(2, int(m ** 0.5) + 1))


def backend(text, m):
    """(name, offset, skip) from NAME, or NAME:OFFSET:SKIP with the two given."""
    parts = text.split(":")
    if len(parts) == 1:
        name = parts[0]
        return name, name_hash("offset", name) % m, name_hash("skip", name) % (m - 1) + 1
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        name, offset, skip = parts[0], int(parts[1]), int(parts[2])
        if offset < m and 1 <= skip < m:
            return name, offset, skip
    raise ValueError(f"'{text}': expected NAME or NAME:OFFSET:SKIP with 0 <= OFFSET < M and 1 <= SKIP < M")


def permutation(offset, skip, m):
    return [(offset + j * skip) % m for j in range(m)]


def populate(backends, m, on_turn=None):
    """Fill the M-slot table from [(name, offset, skip)]: the paper's Pseudocode 1.

    on_turn(name, wanted, tried, slot) is called for every slot taken: the slots the backend tried in
    vain before it, in order, and the one it got.
    """
    if not backends:
        return []
    nexts = [0] * len(backends)
    entry = [None] * m
    taken = 0
    while True:
        for i, (name, offset, skip) in enumerate(backends):
            tried = []
            c = (offset + nexts[i] * skip) % m
            while entry[c] is not None:
                tried.append(c)
                nexts[i] += 1
                c = (offset + nexts[i] * skip) % m
            entry[c] = name
            nexts[i] += 1
            taken += 1
            if on_turn:
                on_turn(name, tried, c)
            if taken == m:
                return entry


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-m", type=int, default=13, help="table size, a prime (default 13)")
    parser.add_argument("--steps", action="store_true", help="print every turn of the fill")
    parser.add_argument("backends", nargs="+", metavar="NAME[:OFFSET:SKIP]")
    args = parser.parse_args(argv)
    if not 2 <= args.m <= 1000:
        parser.error("M must be between 2 and 1000")
    if not is_prime(args.m):
        # A skip that shares a factor with M gives a permutation that misses slots: a backend could find none free.
        parser.error(f"M must be prime ({args.m} is not)")
    try:
        backends = [backend(b, args.m) for b in args.backends]
    except ValueError as e:
        parser.error(str(e))
    if len({name for name, _, _ in backends}) != len(backends):
        parser.error("backend names must differ")

    name_width = max(len(name) for name, _, _ in backends)
    width = max(len("backend"), name_width)
    print(f"M = {args.m}")
    print(f"{'backend':<{width}}  offset  skip  permutation")
    for name, offset, skip in backends:
        perm = " ".join(str(c) for c in permutation(offset, skip, args.m))
        print(f"{name:<{width}}  {offset:>6}  {skip:>4}  {perm}")

    if args.steps:
        print("\nturns (a backend skips the slots already taken):")
        turns = [0]

        def on_turn(name, tried, slot):
            turns[0] += 1
            skipped = f" (taken: {' '.join(map(str, tried))})" if tried else ""
            print(f"{turns[0]:>4}. {name:<{name_width}} -> slot {slot}{skipped}")
    else:
        on_turn = None

    table = populate(backends, args.m, on_turn)
    print("\nslot  backend")
    for slot, name in enumerate(table):
        print(f"{slot:>4}  {name}")
    counts = ", ".join(f"{name} {table.count(name)}" for name, _, _ in backends)
    print(f"\nslots per backend: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
