#!/bin/sh
# One node plays a switch: bridge br0 with three ports, each a veth whose other end is "eth0" inside a
# namespace standing for a host. Fixed MACs make the ebtables rules readable:
#   alice   02:00:00:00:00:0a  10.0.0.1/24  on port-alice
#   bob     02:00:00:00:00:0b  10.0.0.2/24  on port-bob
#   mallory 02:00:00:00:00:0c  10.0.0.3/24  on port-mallory
set -e
ebtables -F
ebtables -t nat -F
ip link del br0 2>/dev/null || true
ip link add br0 type bridge
ip link set br0 up
n=0
for host in alice bob mallory; do
  n=$((n + 1))
  ip netns del "$host" 2>/dev/null || true
  ip netns add "$host"
  ip link add "port-$host" type veth peer name eth0 netns "$host"
  ip -n "$host" link set eth0 address "02:00:00:00:00:0$(printf '%x' $((n + 9)))"
  ip -n "$host" addr add "10.0.0.$n/24" dev eth0
  ip -n "$host" link set lo up
  ip -n "$host" link set eth0 up
  ip link set "port-$host" master br0
  ip link set "port-$host" up
done
cat > /etc/motd <<'MOTD'
Lab: ebtables. This node is a switch: bridge br0 with ports port-alice, port-bob, port-mallory.
Hosts are namespaces: alice 02:00:00:00:00:0a 10.0.0.1, bob ..:0b 10.0.0.2, mallory ..:0c 10.0.0.3.
Run a command as a host: ip netns exec mallory ping 10.0.0.2
MOTD
