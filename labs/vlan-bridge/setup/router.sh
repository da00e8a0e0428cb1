#!/bin/sh
# The router's one cable, eth0, goes to the switch's trunk port; it carries no address of its own: the
# router's addresses will sit on tagged sub-interfaces of it.
set -e
for vlan in 10 20; do
  ip link del "eth0.$vlan" 2>/dev/null || true
done
ip -4 addr flush dev eth0
ip link set eth0 up

cat > /etc/motd <<'MOTD'
Lab: VLANs on a Linux bridge. This is the router: eth0 is cabled to the switch's trunk port (eth4).
It forwards IPv4 (net.ipv4.ip_forward=1) but has no address yet.
MOTD
