ip link add link eth0 name eth0.10 type vlan id 10
ip link add link eth0 name eth0.20 type vlan id 20
ip addr add 10.0.10.254/24 dev eth0.10
ip addr add 10.0.20.254/24 dev eth0.20
ip link set eth0.10 up
ip link set eth0.20 up
