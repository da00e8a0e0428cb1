#!/usr/bin/env bash
# Records the packet fixtures from real traffic between two lab containers.
#
# Usage: tests/NetAcademy.Packets.Tests/Fixtures/record.sh [NAME...]   (no NAME: every fixture)
# Needs: docker with the netacademy/base:latest image, editcap (wireshark-common) on the host.
# Everything it creates carries netacademy.test=1 and a per-run netacademy.session label and
# is removed on exit, also on failure. Traffic stays on an --internal network.
set -euo pipefail

out="$(cd "$(dirname "$0")" && pwd)"
image="${NETACADEMY_IMAGE:-netacademy/base:latest}"
session="pkt-fixtures-$$"
net="na-$session"
labels=(--label netacademy.test=1 --label "netacademy.session=$session")
a="na-$session-a"
b="na-$session-b"

cleanup() {
  docker ps -aq --filter "label=netacademy.session=$session" | xargs -r docker rm -f >/dev/null
  docker network ls -q --filter "label=netacademy.session=$session" | xargs -r docker network rm >/dev/null
}
trap cleanup EXIT

docker network create --internal --subnet 172.30.0.0/24 "${labels[@]}" "$net" >/dev/null
for node in a b; do
  name="na-$session-$node"
  ip=172.30.0.$([ "$node" = a ] && echo 2 || echo 3)
  docker run -d --name "$name" --hostname "$node" "${labels[@]}" --network "$net" --ip "$ip" \
    --cap-add NET_ADMIN --cap-add NET_RAW --sysctl net.ipv6.conf.all.disable_ipv6=0 \
    --sysctl net.ipv6.conf.eth0.disable_ipv6=0 "$image" sleep infinity >/dev/null
done
docker cp "$out/craft.py" "$a:/tmp/craft.py"
docker cp "$out/craft.py" "$b:/tmp/craft.py"
docker exec "$a" ip -6 addr add fd00::2/64 dev eth0 nodad
b_mac="$(docker exec "$b" cat /sys/class/net/eth0/address)"

# capture NAME "tcpdump args" CMD...: starts tcpdump in b, runs CMD on the host, stops tcpdump, copies the file.
capture() {
  local name="$1" args="$2"
  shift 2
  docker exec -d "$b" sh -c "echo \$\$ > /tmp/tcpdump.pid; exec tcpdump -U -Z root -w /tmp/$name.pcap $args 2>/tmp/$name.log"
  sleep 1.5
  "$@"
  sleep 1
  docker exec "$b" sh -c 'kill -INT "$(cat /tmp/tcpdump.pid)"'
  sleep 0.5
  docker cp "$b:/tmp/$name.pcap" "$out/$name.pcap" >/dev/null
  echo "recorded $name.pcap ($(stat -c %s "$out/$name.pcap") bytes)"
}

icmp_arp() {
  docker exec "$a" ip neigh flush dev eth0
  docker exec "$a" ping -c 3 -i 0.2 172.30.0.3 >/dev/null
  docker exec "$a" ping -c 1 -R 172.30.0.3 >/dev/null
}
tcp() {
  docker exec -d "$b" socat -u TCP-LISTEN:5000,reuseaddr OPEN:/dev/null
  sleep 0.5
  docker exec "$a" sh -c 'echo hello netacademy | socat -u - TCP:172.30.0.3:5000'
  docker exec "$a" sh -c 'socat -u /dev/null TCP:172.30.0.3:5001 2>/dev/null || true'
}
udp_dns() {
  docker exec -d "$b" sh -c 'echo $$ > /tmp/dns.pid; exec python3 /tmp/craft.py dns-server'
  sleep 0.5
  docker exec "$a" python3 /tmp/craft.py dns-client 172.30.0.3
  docker exec "$a" sh -c 'echo datagram | socat -u - UDP:172.30.0.3:9999'
  docker exec "$b" sh -c 'kill "$(cat /tmp/dns.pid)"'
}
fragments() {
  docker exec "$a" ping -c 1 -s 3000 172.30.0.3 >/dev/null
}
ipv6() {
  docker exec "$b" ip -6 addr add fd00::3/64 dev eth0
  sleep 2
  docker exec "$a" ping -6 -c 2 -i 0.2 fd00::3 >/dev/null
  docker exec "$a" sh -c "ping -6 -c 1 fe80::$(docker exec "$b" sh -c "ip -6 addr show dev eth0 scope link" | awk '/inet6/{print $2}' | cut -d/ -f1 | sed 's/^fe80:://')%eth0 >/dev/null"
  docker exec "$a" ping -6 -c 1 -s 3000 fd00::3 >/dev/null
  docker exec "$a" sh -c 'echo datagram6 | socat -u - UDP6:[fd00::3]:9000'
}
vxlan() {
  docker exec "$a" sh -c 'ip link add vx42 type vxlan id 42 remote 172.30.0.3 dstport 4789 dev eth0 && ip addr add 10.42.0.1/24 dev vx42 && ip link set vx42 up'
  docker exec "$b" sh -c 'ip link add vx42 type vxlan id 42 remote 172.30.0.2 dstport 4789 dev eth0 && ip addr add 10.42.0.2/24 dev vx42 && ip link set vx42 up'
  sleep 1
  docker exec "$a" ping -c 2 -i 0.2 10.42.0.2 >/dev/null
}
tunnels() {
  docker exec "$a" python3 /tmp/craft.py tunnels 172.30.0.3 fd00::3
}
frames() {
  docker exec "$a" python3 /tmp/craft.py frames eth0 "$b_mac" 172.30.0.2 172.30.0.3
}
ping_any() {
  docker exec "$a" ping -c 2 -i 0.2 172.30.0.3 >/dev/null
}
# The grader's probes as ProbeSignatureTests expect them (marker "NA-probe" = 4e412d70726f6265, TCP ports
# 61440-61951), each next to the learner's look-alike that must not be taken for a probe.
probes() {
  local marker=4e412d70726f6265
  docker exec "$b" sh -c 'ip -6 addr add fd00::3/64 dev eth0 nodad 2>/dev/null || true'
  docker exec -d "$b" socat UDP-RECVFROM:9007,fork EXEC:cat
  docker exec -d "$b" socat TCP-LISTEN:8080,fork,reuseaddr OPEN:/dev/null
  sleep 0.5
  docker exec "$a" ping -c 1 -p "$marker" 172.30.0.3 >/dev/null
  docker exec "$a" ping -c 1 172.30.0.3 >/dev/null
  docker exec "$a" ping -c 1 -p 4e412d70726f6266 172.30.0.3 >/dev/null
  docker exec "$a" ping -6 -c 1 -p "$marker" fd00::3 >/dev/null
  docker exec "$a" sh -c "printf '%s\n' $marker-0123456789abcdef | nc -u -w 1 172.30.0.3 9007 >/dev/null"
  docker exec "$a" sh -c "printf 'hello\n' | nc -u -w 1 172.30.0.3 9007 >/dev/null"
  docker exec "$a" sh -c "printf '%s\n' $marker-fedcba9876543210 | nc -u -w 1 172.30.0.3 9008 >/dev/null || true"
  docker exec "$a" nc -z -w 2 -p 61500 172.30.0.3 8080
  docker exec "$a" nc -z -w 2 172.30.0.3 8080
}

# wanted NAME: true when NAME was asked for, or nothing was.
wanted() {
  [ "${#only[@]}" -eq 0 ] && return 0
  local n
  for n in "${only[@]}"; do [ "$n" = "$1" ] && return 0; done
  return 1
}
only=("$@")

wanted icmp-arp && capture icmp-arp "-i eth0 not ip6" icmp_arp
wanted tcp && capture tcp "-i eth0 tcp" tcp
wanted udp-dns && capture udp-dns "-i eth0 --time-stamp-precision=nano not ip6" udp_dns
wanted fragments && capture fragments "-i eth0 ip" fragments
wanted ipv6 && capture ipv6 "-i eth0 ip6" ipv6
wanted vxlan && capture vxlan "-i eth0 udp port 4789" vxlan
wanted tunnels && capture tunnels "-i eth0 not arp and not icmp6" tunnels
wanted frames && capture frames "-i eth0 not arp and not icmp6 and not udp port 4789" frames
wanted any-sll2 && capture any-sll2 "-i any icmp" ping_any
wanted any-sll && capture any-sll "-i any -y LINUX_SLL icmp" ping_any
wanted probes && capture probes "-i eth0 ip or icmp6[0] == 128 or icmp6[0] == 129" probes

if wanted tcp; then
  editcap -F pcapng "$out/tcp.pcap" "$out/tcp.pcapng"
  echo "recorded tcp.pcapng"
fi
