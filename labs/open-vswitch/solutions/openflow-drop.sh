ovs-ofctl add-flow br0 'priority=100,icmp,in_port=eth2,actions=drop'
