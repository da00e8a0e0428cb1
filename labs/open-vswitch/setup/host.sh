#!/bin/sh
# A host on a switch port: one address in the lab's one subnet, 10.0.0.0/24, in place of the platform's
# address on its cable. The node's name picks which address, and which VLAN the host is meant for.
set -e
case "$(hostname)" in
  h1) address=10.0.0.1/24 vlan=10 switch=sw1 ;;
  h2) address=10.0.0.2/24 vlan=20 switch=sw1 ;;
  h3) address=10.0.0.3/24 vlan=10 switch=sw2 ;;
  *) echo "host.sh: unknown host $(hostname)" >&2; exit 1 ;;
esac
ip -4 addr flush dev eth0
ip addr add "$address" dev eth0
ip link set eth0 up
# The userspace datapath forwards a frame as the bytes it read: a TCP or UDP checksum that the veth left for
# "the hardware" to fill in would arrive unfilled, and the receiver would drop the segment. Ping fills its
# own; this makes nc, iperf3 and the rest do so too.
ethtool -K eth0 tx off >/dev/null

cat > /etc/motd <<MOTD
Lab: Open vSwitch. This is $(hostname): $address on eth0, cabled to $switch, meant for VLAN $vlan.
MOTD
