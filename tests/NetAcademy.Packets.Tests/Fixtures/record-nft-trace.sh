#!/usr/bin/env bash
# Records `nft -a monitor` output (trace events with rule handles, and ruleset events between them, as the
# grader reads it) from this host's kernel for the trace parser's tests
# (tests/NetAcademy.Packets.Tests/Netfilter). Runs on any host whose Docker engine runs the lab images:
#
#   bash tests/NetAcademy.Packets.Tests/Fixtures/record-nft-trace.sh tests/NetAcademy.Packets.Tests/Fixtures/nft-trace
#
# Three containers as in labs/netfilter-iptables: client 10.0.1.2 - router 10.0.1.1/10.0.2.1 - server 10.0.2.2.
# The router holds the lab's solved iptables ruleset (iptables-nft: FORWARD policy DROP, replies accepted, TCP 80
# to the server accepted, ICMP from the client dropped, a DNAT of 10.0.1.1:8080 to 10.0.2.2:80, a MASQUERADE of
# the inside) and the platform's own trace table, as NetfilterTracer adds it. Written:
#   router-forward.txt   on the router: a TCP connection to 10.0.1.1:8080 (DNAT, accepted in FORWARD), a ping
#                        (dropped by the ICMP rule), a connection to port 8000 (dropped by the policy)
#   router-chains.json   `nft -j list chains` on the router: which hook each base chain sits at
#   client-output.txt    on the client: its own ping to the server leaving by the output hook
#   bridge-masquerade.txt, bridge-chains.json  on the router, docker-bridge-by-hand's path: a ping from a namespace
#                        behind a bridge, MASQUERADEd out of the dmz
#   truncated.txt        router-forward.txt cut in the middle of a line, as a bounded read leaves it
# hostile.txt beside them is written by hand (see its first lines), not by this script.
# The two networks are not --internal: Docker drops packets of an internal network whose address is outside its
# subnet, which is every routed packet here. Nothing is sent off the host.
# Argument: the folder to write into. Everything it creates is labelled and removed.
set -euo pipefail

out=${1:?usage: record-nft-trace.sh OUT}
mkdir -p "$out"
image="${NETACADEMY_IMAGE:-netacademy/base:latest}"
session="nft-trace-$$"
labels=(--label netacademy.test=1 --label "netacademy.session=$session")

cleanup() {
  docker ps -aq --filter "label=netacademy.session=$session" | xargs -r docker rm -f >/dev/null
  docker network ls -q --filter "label=netacademy.session=$session" | xargs -r docker network rm >/dev/null
}
trap cleanup EXIT

docker network create --subnet 10.0.1.0/24 --gateway 10.0.1.254 "${labels[@]}" "na-$session-inside" >/dev/null
docker network create --subnet 10.0.2.0/24 --gateway 10.0.2.254 "${labels[@]}" "na-$session-dmz" >/dev/null
run() { # run NAME NETWORK IP [docker args...]
  local name=$1 net=$2 ip=$3
  shift 3
  docker run -d --name "na-$session-$name" --hostname "$name" "${labels[@]}" --network "na-$session-$net" --ip "$ip" \
    --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW --sysctl net.ipv6.conf.all.disable_ipv6=1 "$@" \
    "$image" sleep infinity >/dev/null
}
run client inside 10.0.1.2
run router inside 10.0.1.1 --sysctl net.ipv4.ip_forward=1 --cap-add SYS_ADMIN
run server dmz 10.0.2.2
docker network connect --ip 10.0.2.1 "na-$session-dmz" "na-$session-router"
client="na-$session-client" router="na-$session-router" server="na-$session-server"

docker exec "$client" ip route replace default via 10.0.1.1
docker exec "$server" sh -ec 'ip route replace default via 10.0.2.1
mkdir -p /srv/www && echo hello > /srv/www/index.html
setsid python3 -m http.server 80 --bind 0.0.0.0 --directory /srv/www </dev/null >/dev/null 2>&1 &
for i in $(seq 50); do ss -ltn | grep -q ":80 " && exit 0; sleep 0.1; done; exit 1'
docker exec "$router" sh -ec '
in=$(ip -o -4 addr show to 10.0.1.0/24 | cut -d" " -f2)
dmz=$(ip -o -4 addr show to 10.0.2.0/24 | cut -d" " -f2)
iptables -P FORWARD DROP
iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A FORWARD -i "$in" -o "$dmz" -p tcp -s 10.0.1.2 -d 10.0.2.2 --dport 80 -m conntrack --ctstate NEW -j ACCEPT
iptables -A FORWARD -p icmp -s 10.0.1.2 -j DROP
iptables -t nat -A PREROUTING -i "$in" -p tcp -d 10.0.1.1 --dport 8080 -j DNAT --to-destination 10.0.2.2:80
iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -o "$dmz" -j MASQUERADE'

# The platform's trace table, as NetfilterTracer writes it (one match, both hooks).
trace_table() { # trace_table CONTAINER MATCH...
  local c=$1
  shift
  docker exec "$c" nft add table inet netacademy_trace
  docker exec "$c" nft add chain inet netacademy_trace prerouting '{ type filter hook prerouting priority -350; policy accept; }'
  docker exec "$c" nft add chain inet netacademy_trace output '{ type filter hook output priority -350; policy accept; }'
  docker exec "$c" nft add rule inet netacademy_trace prerouting "$@" meta nftrace set 1
  docker exec "$c" nft add rule inet netacademy_trace output "$@" meta nftrace set 1
}

monitor() { # monitor CONTAINER SECONDS FILE: runs nft monitor trace in the background
  docker exec "$1" sh -c "timeout $2 nft -a monitor >/tmp/trace.txt 2>&1 </dev/null & sleep 0.5"
}

trace_table "$router" ip saddr 10.0.1.2
monitor "$router" 12
docker exec "$client" nc -z -w 2 10.0.1.1 8080
docker exec "$client" ping -c 1 -W 1 10.0.2.2 || true
docker exec "$client" nc -z -w 1 10.0.2.2 8000 || true
sleep 1; docker exec "$router" sh -c 'while pgrep -x nft >/dev/null; do sleep 0.2; done'
docker exec "$router" cat /tmp/trace.txt >"$out/router-forward.txt"
docker exec "$router" nft -j list chains >"$out/router-chains.json"

trace_table "$client" ip daddr 10.0.2.2 ip protocol icmp
monitor "$client" 3
docker exec "$client" sh -c 'iptables -A OUTPUT -p icmp -j ACCEPT; ping -c 1 -W 1 10.0.2.2 || true'
docker exec "$client" sh -c 'while pgrep -x nft >/dev/null; do sleep 0.2; done'
docker exec "$client" cat /tmp/trace.txt >"$out/client-output.txt"

# docker-bridge-by-hand on the router: a namespace c1 behind a bridge, MASQUERADE out of the dmz. The kernel gives
# the packet a new trace id between prerouting (iif br0) and postrouting.
docker exec "$router" sh -ec '
dmz=$(ip -o -4 addr show to 10.0.2.0/24 | cut -d" " -f2)
ip netns add c1
ip link add br0 type bridge
ip link add veth-c1 type veth peer name eth0 netns c1
ip link set veth-c1 master br0
ip addr add 172.18.0.1/16 dev br0
ip link set br0 up
ip link set veth-c1 up
ip -n c1 addr add 172.18.0.2/16 dev eth0
ip -n c1 link set eth0 up
ip -n c1 route add default via 172.18.0.1
iptables -I FORWARD -i br0 -j ACCEPT
iptables -t nat -A POSTROUTING -s 172.18.0.0/16 ! -o br0 -j MASQUERADE
nft delete table inet netacademy_trace'
trace_table "$router" ip saddr 172.18.0.2
monitor "$router" 4
docker exec "$router" ip netns exec c1 ping -c 1 -W 1 10.0.2.2
docker exec "$router" sh -c 'while pgrep -x nft >/dev/null; do sleep 0.2; done'
docker exec "$router" cat /tmp/trace.txt >"$out/bridge-masquerade.txt"
docker exec "$router" nft -j list chains >"$out/bridge-chains.json"

# A bounded read stops mid-line: keep the first 40% of the router's trace, cut inside a line.
size=$(wc -c <"$out/router-forward.txt")
head -c $((size * 2 / 5)) "$out/router-forward.txt" >"$out/truncated.txt"
wc -l "$out"/*.txt
