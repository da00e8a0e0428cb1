#!/bin/sh
# Builds a small "zoo" of virtual devices for the learner to look at. Nothing here carries real traffic:
# the point is to see each kind of device in `ip -d link`, `bridge link` and `iptables -t nat -S`.
set -e
ip netns del sandbox 2>/dev/null || true
for dev in vx0 br0 veth0 tun0; do
  ip link del "$dev" 2>/dev/null || true
done
iptables -t nat -F POSTROUTING

# A VXLAN tunnel to the second site (site2 sets up the same VNI on its side).
vni=4242
ip link add vx0 type vxlan id "$vni" remote 172.20.0.3 dstport 4789 dev eth0

# A bridge with two ports: one end of a veth pair, and the VXLAN tunnel (how an overlay stretches a LAN).
ip link add br0 type bridge
ip link add veth0 type veth peer name veth1
ip link set veth0 master br0
ip link set vx0 master br0
for dev in br0 veth0 veth1 vx0; do
  ip link set "$dev" up
done

# A TUN device, the door between the kernel's IP stack and a user-space program (a VPN, for instance).
ip tuntap add tun0 mode tun

# A NAT rule: traffic from a private range leaving by eth0 takes eth0's address.
iptables -t nat -A POSTROUTING -s 10.99.0.0/24 -o eth0 -j MASQUERADE

cat > /etc/motd <<'MOTD'
Lab: a tour of the network virtualization toolbox.
This node already holds a bridge, a veth pair, a VXLAN tunnel, a TUN device and a NAT rule.
Look around with `ip -br link`, `ip -d link show DEV`, `bridge link` and `iptables -t nat -S`.
MOTD
