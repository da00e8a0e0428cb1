# Flannel's VXLAN backend: one VTEP per node (VNI 1), no flooding, no learning. Every remote node gets
# an ARP entry for its VTEP (the .0 address of its pod CIDR), an fdb entry saying where that MAC lives
# on the underlay, and a route for its pod CIDR via that VTEP. flanneld learns all three from the
# Kubernetes API; here the MACs are fixed so both sides know them in advance.
ip route del 10.244.2.0/24 2>/dev/null || true
ip link add flannel.1 address 02:00:0a:f4:01:00 type vxlan id 1 local 172.20.0.2 dev eth0 dstport 4789 nolearning
ip addr add 10.244.1.0/32 dev flannel.1
ip link set flannel.1 up
ip neigh replace 10.244.2.0 lladdr 02:00:0a:f4:02:00 dev flannel.1 nud permanent
bridge fdb append 02:00:0a:f4:02:00 dev flannel.1 dst 172.20.0.3
ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
