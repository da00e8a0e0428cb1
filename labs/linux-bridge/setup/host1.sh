#!/bin/sh
# Prepares four "hosts" as namespaces, each already cabled with a veth pair whose inner end is eth0 and
# addressed; the outer ends (veth-red, ...) wait in the node's own namespace, down and unattached.
# The lesson is about what happens on the node's side: the bridge, its ports, and routing.
set -e
ip link del br0 2>/dev/null || true
for ns in red green blue purple; do
  ip netns del "$ns" 2>/dev/null || true
done

plug() { # plug NAMESPACE CIDR
  ip netns add "$1"
  ip link add "veth-$1" type veth peer name eth0 netns "$1"
  ip -n "$1" addr add "$2" dev eth0
  ip -n "$1" link set eth0 up
  ip -n "$1" link set lo up
}
plug red 10.0.0.1/24
plug green 10.0.0.2/24
plug blue 10.0.0.3/24
plug purple 10.0.1.1/24

cat > /etc/motd <<'MOTD'
Lab: the Linux bridge.
Namespaces red (10.0.0.1), green (10.0.0.2) and blue (10.0.0.3) share the subnet 10.0.0.0/24;
purple (10.0.1.1) is on 10.0.1.0/24. Each has eth0 inside; the other ends, veth-red, veth-green,
veth-blue and veth-purple, are here in the node's namespace, down and attached to nothing.
MOTD
