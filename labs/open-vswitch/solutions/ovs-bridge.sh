ovs-vsctl add-br br0 -- set bridge br0 datapath_type=netdev
for port in eth1 eth2 eth3; do
  ovs-vsctl add-port br0 "$port"
done
