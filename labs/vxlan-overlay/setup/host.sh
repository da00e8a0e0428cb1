#!/bin/sh
# Each host gets what a container runtime would have built before any overlay exists: a bridge br0
# and one "container" (a namespace) plugged into it. The overlay is the learner's job.
set -e
case "$(hostname)" in
  host1) ns=c1; addr=10.42.0.1/24 ;;
  host2) ns=c2; addr=10.42.0.2/24 ;;
  *) echo "setup: unexpected host $(hostname)" >&2; exit 1 ;;
esac
ip netns del "$ns" 2>/dev/null || true
ip link del br0 2>/dev/null || true
ip link add br0 type bridge
ip link set br0 up
ip netns add "$ns"
ip link add "veth-$ns" type veth peer name eth0 netns "$ns"
ip link set "veth-$ns" master br0 up
# 1450 = 1500 minus the 50 bytes VXLAN adds (outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14).
ip -n "$ns" link set eth0 mtu 1450
ip -n "$ns" addr add "$addr" dev eth0
ip -n "$ns" link set eth0 up
ip -n "$ns" link set lo up
cat > /etc/motd <<MOTD
Lab: a VXLAN overlay between two hosts.
Underlay: host1 172.20.0.2, host2 172.20.0.3 (eth0).
This host: bridge br0 with container namespace $ns ($addr) attached.
MOTD
