ip route del 10.244.1.0/24 2>/dev/null || true
ip link add flannel.1 address 02:00:0a:f4:02:00 type vxlan id 1 local 172.20.0.3 dev eth0 dstport 4789 nolearning
ip addr add 10.244.2.0/32 dev flannel.1
ip link set flannel.1 up
ip neigh replace 10.244.1.0 lladdr 02:00:0a:f4:01:00 dev flannel.1 nud permanent
bridge fdb append 02:00:0a:f4:01:00 dev flannel.1 dst 172.20.0.2
ip route replace 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
