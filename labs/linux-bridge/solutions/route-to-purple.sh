ip addr add 10.0.1.254/24 dev veth-purple
ip link set veth-purple up
ip -n red route add default via 10.0.0.254
ip -n purple route add default via 10.0.1.254
ip netns exec red ping -c2 -W1 10.0.1.1
