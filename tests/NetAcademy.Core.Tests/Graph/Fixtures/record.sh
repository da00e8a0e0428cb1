#!/bin/sh
# Records real `ip -j` / `bridge -j` outputs from lab containers into one folder per case:
#   <case>/<node>/<root|netns>/{link,addr,route,route6,bridge,netns-ids}.json and <case>/networks.json
# The unit tests in Graph/ build InterfaceGraphs from these folders, so re-recording changes MACs and
# docker-side ifindexes but must keep every asserted fact (names, addresses, kinds, topology).
#
# Needs the local image netacademy/base:latest (deploy/build-images.sh). Everything it creates carries
# the labels netacademy.test=1 and netacademy.session=test-graph-fixtures and is removed on exit.
#
# `ip netns exec` / `ip -n` do not work in these containers (remounting /sys is refused in a
# user-namespaced container with masked paths), so namespaces are entered with nsenter.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
IMAGE=${IMAGE:-netacademy/base:latest}
SESSION=test-graph-fixtures
PREFIX=nagf
SUBNET=172.31.250.0/24
NETNAME=lan

cleanup() {
    docker ps -aq --filter "label=netacademy.session=$SESSION" | xargs -r docker rm -f >/dev/null
    docker network ls -q --filter "label=netacademy.session=$SESSION" | xargs -r docker network rm >/dev/null
}
trap cleanup EXIT INT TERM

docker image inspect "$IMAGE" >/dev/null

CASE=
# start_case NAME NODE... : fresh internal network and one container per node (host1=.11, host2=.12, ...).
start_case() {
    cleanup
    CASE=$1; shift
    rm -rf "${HERE:?}/$CASE"
    mkdir -p "$HERE/$CASE"
    docker network create --internal --subnet "$SUBNET" \
        --label netacademy.test=1 --label "netacademy.session=$SESSION" "$PREFIX-$NETNAME" >/dev/null
    n=11
    NODES=
    for node in "$@"; do
        docker run -d --name "$PREFIX-$node" --hostname "$node" \
            --label netacademy.test=1 --label "netacademy.session=$SESSION" --label "netacademy.node=$node" \
            --network "$PREFIX-$NETNAME" --ip "172.31.250.$n" \
            --cap-add NET_ADMIN --cap-add NET_RAW --cap-add SYS_ADMIN --device /dev/net/tun \
            "$IMAGE" sleep infinity >/dev/null
        n=$((n + 1))
        NODES="$NODES $node"
    done
}

# x NODE SCRIPT : runs a constant script in the node.
x() { docker exec "$PREFIX-$1" sh -ec "$2"; }

# inns NODE NETNS SCRIPT : runs a script inside a named namespace of the node.
inns() { docker exec "$PREFIX-$1" nsenter "--net=/run/netns/$2" sh -ec "$3"; }

dump_ns() { # dump_ns NODE DIR [nsenter args...]
    node=$1; dir=$2; shift 2
    mkdir -p "$dir"
    docker exec "$PREFIX-$node" "$@" ip -j -d link show >"$dir/link.json"
    docker exec "$PREFIX-$node" "$@" ip -j addr show >"$dir/addr.json"
    docker exec "$PREFIX-$node" "$@" ip -j route show >"$dir/route.json"
    docker exec "$PREFIX-$node" "$@" ip -j -6 route show >"$dir/route6.json"
    docker exec "$PREFIX-$node" "$@" bridge -j link show >"$dir/bridge.json"
    docker exec "$PREFIX-$node" "$@" ip -j netns list-id >"$dir/netns-ids.json"
}

# finish_case : dumps every namespace of every node and the session network facts, then tears down.
finish_case() {
    members=
    for node in $NODES; do
        dump_ns "$node" "$HERE/$CASE/$node/root"
        for ns in $(docker exec "$PREFIX-$node" ip netns list | cut -d' ' -f1); do
            dump_ns "$node" "$HERE/$CASE/$node/$ns" nsenter "--net=/run/netns/$ns"
        done
        fmt="{{with index .NetworkSettings.Networks \"$PREFIX-$NETNAME\"}}{{.MacAddress}} {{.IPAddress}}{{end}}"
        set -- $(docker inspect -f "$fmt" "$PREFIX-$node")
        members="$members${members:+,}{\"node\":\"$node\",\"mac\":\"$1\",\"address\":\"$2\"}"
    done
    printf '[{"name":"%s","subnet":"%s","members":[%s]}]\n' "$NETNAME" "$SUBNET" "$members" >"$HERE/$CASE/networks.json"
    echo "recorded $CASE"
}

# 1. A veth pair between two namespaces.
start_case veth-netns host1
x host1 'ip netns add red; ip netns add blue
ip link add v-red type veth peer name v-blue
ip link set v-red netns red; ip link set v-blue netns blue'
inns host1 red 'ip link set lo up; ip link set v-red up; ip addr add 10.0.0.1/24 dev v-red; ip route add default via 10.0.0.2'
inns host1 blue 'ip link set lo up; ip link set v-blue up; ip addr add 10.0.0.2/24 dev v-blue'
finish_case

# 2. A bridge with three members, each the root side of a veth whose other end is eth0 in a namespace.
start_case bridge-three host1
x host1 'ip link add br0 type bridge; ip link set br0 up; ip addr add 10.1.0.254/24 dev br0
for ns in a b c; do
  ip netns add $ns
  ip link add br-$ns type veth peer name tmp-$ns
  ip link set tmp-$ns netns $ns
  ip link set br-$ns master br0; ip link set br-$ns up
done'
for ns in a b c; do
    case $ns in a) i=1 ;; b) i=2 ;; c) i=3 ;; esac
    inns host1 $ns "ip link set tmp-$ns name eth0; ip link set eth0 up; ip addr add 10.1.0.$i/24 dev eth0"
done
finish_case

# 3. VXLAN 42 between two nodes over the session network, each end on a bridge with a namespace behind it.
#    host1 names the underlay device (dev eth0); host2 only gives its local address.
start_case vxlan host1 host2
x host1 'ip link add vxlan42 type vxlan id 42 remote 172.31.250.12 dstport 4789 dev eth0'
x host2 'ip link add vxlan42 type vxlan id 42 local 172.31.250.12 remote 172.31.250.11 dstport 4789'
for node in host1 host2; do
    case $node in host1) i=1 ;; host2) i=2 ;; esac
    x $node "ip link add br0 type bridge; ip link set br0 up
ip link set vxlan42 master br0; ip link set vxlan42 up
ip netns add inner
ip link add br-inner type veth peer name tmp0
ip link set tmp0 netns inner; ip link set br-inner master br0; ip link set br-inner up"
    inns $node inner "ip link set tmp0 name eth0; ip link set eth0 up; ip addr add 192.168.42.$i/24 dev eth0"
done
docker exec "$PREFIX-host1" nsenter --net=/run/netns/inner ping -c 2 -W 2 192.168.42.2 >/dev/null \
    || echo "warning: ping across vxlan42 failed" >&2
finish_case

# 4. TUN and TAP devices.
start_case tun-tap host1
x host1 'ip tuntap add tun0 mode tun; ip link set tun0 up; ip addr add 10.8.0.1/24 dev tun0
ip tuntap add tap0 mode tap; ip addr add 10.9.0.1/24 dev tap0'
finish_case

# 5. IPv6 addresses and routes between two namespaces.
start_case ipv6 host1
x host1 'ip netns add v6a; ip netns add v6b
ip link add six-a type veth peer name six-b
ip link set six-a netns v6a; ip link set six-b netns v6b'
inns host1 v6a 'ip link set lo up; ip link set six-a up; ip -6 addr add 2001:db8:1::1/64 dev six-a nodad
ip addr add 10.6.0.1/24 dev six-a; ip -6 route add 2001:db8:2::/64 via 2001:db8:1::2'
inns host1 v6b 'ip link set lo up; ip link set six-b up; ip -6 addr add 2001:db8:1::2/64 dev six-b nodad'
finish_case

# 6. Down interfaces: a veth pair inside one namespace with one end administratively down.
start_case down-interface host1
x host1 'ip link add up0 type veth peer name down0
ip link set up0 up; ip addr add 10.2.0.1/24 dev up0; ip addr add 10.2.0.2/24 dev down0'
finish_case

# 7. A dummy device, where the kernel has the dummy driver (this project's host kernel does not).
if docker run --rm --label netacademy.test=1 --label "netacademy.session=$SESSION" --network none \
    --cap-add NET_ADMIN "$IMAGE" ip link add dummy0 type dummy 2>/dev/null; then
    start_case dummy host1
    x host1 'ip link add dummy0 type dummy; ip link set dummy0 up; ip addr add 10.3.0.1/32 dev dummy0'
    finish_case
else
    echo "skipped dummy: the kernel has no dummy driver" >&2
fi

# 8. A macvlan on eth0 moved into a namespace: a link_index that is not a veth peer.
start_case macvlan host1
x host1 'ip netns add mv
ip link add mv0 link eth0 type macvlan mode bridge
ip link set mv0 netns mv'
inns host1 mv 'ip link set mv0 up; ip addr add 172.31.250.100/24 dev mv0'
finish_case

# 9. Equal ifindexes in different namespaces: veths created inside namespaces x and y, so both get the
#    first free indexes there; the x<->y pair has ifindex 3 and link_index 3 on both sides.
start_case same-ifindex host1
x host1 'ip netns add x; ip netns add y'
inns host1 x 'ip link add eth0 type veth peer name p-x netns 1; ip link add xy type veth peer name yx netns y
ip link set eth0 up; ip link set xy up; ip addr add 10.4.0.1/24 dev xy'
inns host1 y 'ip link add eth0 type veth peer name p-y netns 1; ip link set eth0 up; ip link set yx up
ip addr add 10.4.0.2/24 dev yx'
finish_case
