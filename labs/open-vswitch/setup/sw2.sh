#!/bin/sh
# sw2 is ready made: an Open vSwitch bridge on the userspace datapath with h3 on an access port of VLAN 10
# (eth1) and a trunk of VLANs 10 and 20 to sw1 (eth3). The learner builds sw1 to match it.
set -e
ovs-start
for port in eth1 eth3; do
  ip -4 addr flush dev "$port"
  ip link set "$port" up
done
ovs-vsctl --if-exists del-br br0 \
  -- add-br br0 -- set bridge br0 datapath_type=netdev \
  -- add-port br0 eth1 tag=10 \
  -- add-port br0 eth3 trunks=10,20

cat > /etc/motd <<'MOTD'
Lab: Open vSwitch. This is sw2, already set up: br0 (userspace datapath), eth1 -> h3 (access port, VLAN 10),
eth3 -> sw1 (trunk of VLANs 10 and 20). `ovs-vsctl show` and `ovs-ofctl dump-flows br0` show it.
MOTD
