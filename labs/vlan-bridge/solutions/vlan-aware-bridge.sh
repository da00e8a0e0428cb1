ip link add br0 type bridge vlan_filtering 1
ip link set br0 up
for port in eth1 eth2 eth3 eth4; do
  ip link set "$port" master br0 up
done
