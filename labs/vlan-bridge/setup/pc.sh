#!/bin/sh
# A PC on an access port: one address on its VLAN's subnet and a default route via the router's sub-interface.
# The node's name picks which; the platform's address on the session network (its cable to the switch) goes.
set -e
case "$(hostname)" in
  pc1) address=10.0.10.1/24 gateway=10.0.10.254 vlan=10 ;;
  pc2) address=10.0.10.2/24 gateway=10.0.10.254 vlan=10 ;;
  pc3) address=10.0.20.1/24 gateway=10.0.20.254 vlan=20 ;;
  *) echo "pc.sh: unknown PC $(hostname)" >&2; exit 1 ;;
esac
ip -4 addr flush dev eth0
ip addr add "$address" dev eth0
ip link set eth0 up
ip route replace default via "$gateway" dev eth0

cat > /etc/motd <<MOTD
Lab: VLANs on a Linux bridge. This is $(hostname): $address on eth0, cabled to the switch,
meant for VLAN $vlan; default route via $gateway (the router, once it has a leg in VLAN $vlan).
MOTD
