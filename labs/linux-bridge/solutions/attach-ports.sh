for port in veth-red veth-green veth-blue; do
  ip link set "$port" master br0
  ip link set "$port" up
done
# A new port goes through the listening and learning states before forwarding (no STP here, so it is quick).
sleep 1
ip netns exec red ping -c2 -W1 10.0.0.2
ip netns exec red ping -c2 -W1 10.0.0.3
