ip link add br0 type bridge
ip addr add 172.18.0.1/16 dev br0
ip link set br0 up
n=2
for c in c1 c2; do
  ip netns add "$c"
  ip link add "veth-$c" type veth peer name eth0 netns "$c"
  ip link set "veth-$c" master br0 up
  ip -n "$c" addr add "172.18.0.$n/16" dev eth0
  ip -n "$c" link set eth0 up
  ip -n "$c" link set lo up
  n=$((n + 1))
done
