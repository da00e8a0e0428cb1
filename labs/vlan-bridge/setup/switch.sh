#!/bin/sh
# The switch's four cables: eth1-eth3 lead to pc1, pc2 and pc3, eth4 to the router. Switch ports carry no
# address of their own, so the platform's addresses on the session networks go; the ports wait up and unbridged.
set -e
ip link del br0 2>/dev/null || true
for port in eth1 eth2 eth3 eth4; do
  ip -4 addr flush dev "$port"
  ip link set "$port" up
done

cat > /etc/motd <<'MOTD'
Lab: VLANs on a Linux bridge. This is the switch: eth1 -> pc1 (VLAN 10), eth2 -> pc2 (VLAN 10),
eth3 -> pc3 (VLAN 20), eth4 -> the router (a trunk carrying VLANs 10 and 20). No bridge yet.
MOTD
