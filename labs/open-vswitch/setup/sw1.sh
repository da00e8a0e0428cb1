#!/bin/sh
# sw1 is the learner's switch: eth1 -> h1, eth2 -> h2, eth3 -> sw2 (the trunk). Switch ports carry no address
# of their own, so the platform's addresses on the cables go. Open vSwitch's daemons run, with no bridge yet.
set -e
ovs-start
if ovs-vsctl br-exists br0; then ovs-vsctl del-br br0; fi
for port in eth1 eth2 eth3; do
  ip -4 addr flush dev "$port"
  ip link set "$port" up
done

cat > /etc/motd <<'MOTD'
Lab: Open vSwitch. This is sw1: eth1 -> h1, eth2 -> h2, eth3 -> sw2 (the trunk to the other switch).
ovsdb-server and ovs-vswitchd run (logs in /var/log/openvswitch/; ovs-start starts them again). No bridge yet.
MOTD
