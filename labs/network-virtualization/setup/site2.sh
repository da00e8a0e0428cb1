#!/bin/sh
# The far end of the overlay: a bridge whose only port is a VXLAN tunnel back to node1.
set -e
for dev in vx0 br0; do
  ip link del "$dev" 2>/dev/null || true
done
ip link add vx0 type vxlan id 4242 remote 172.20.0.2 dstport 4789 dev eth0
ip link add br0 type bridge
ip link set vx0 master br0
ip addr add 10.42.0.2/24 dev br0
ip link set vx0 up
ip link set br0 up
cat > /etc/motd <<'MOTD'
site2: the far end of node1's VXLAN tunnel. br0 here has 10.42.0.2/24; its port vx0 leads to 172.20.0.2.
MOTD
