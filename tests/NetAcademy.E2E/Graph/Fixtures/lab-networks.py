#!/usr/bin/env python3
"""Rewrites a recorded lab's networks.json with the lab's own subnets and addresses.

The engine addresses each node from a private block of its own (a /26 of Labs:NetworkPool) and the runtime then
gives the interface the lab's address; the page shows the lab's subnet (DockerSessionNetworks), so the fixture must
too. Each member's address is read from its node's recorded `ip -j addr`, by MAC.

Usage: lab-networks.py LAB_FIXTURE_DIR
"""
import ipaddress
import json
import pathlib
import sys

lab = pathlib.Path(sys.argv[1])
networks = json.loads((lab / "networks.json").read_text())
for network in networks:
    subnets = set()
    for member in network["members"]:
        interfaces = json.loads((lab / member["node"] / "root" / "addr.json").read_text())
        found = next((i for i in interfaces if i.get("address", "").lower() == member["mac"].lower()), None)
        inet = next((a for a in (found or {}).get("addr_info", []) if a.get("family") == "inet"), None)
        if inet is None:
            sys.exit(f"{lab.name}: no IPv4 address on {member['node']}'s interface {member['mac']}")
        member["address"] = inet["local"]
        subnets.add(str(ipaddress.ip_interface(f"{inet['local']}/{inet['prefixlen']}").network))
    if len(subnets) != 1:
        sys.exit(f"{lab.name}: network {network['name']} has members in {sorted(subnets)}")
    network["subnet"] = subnets.pop()
(lab / "networks.json").write_text(json.dumps(networks, separators=(",", ":")) + "\n")
