#!/usr/bin/env bash
# Records the VLAN fixtures on a kernel with 802.1Q and bridge VLAN filtering, which this project's hosts lack, so
# it runs inside the lab-test VM:
#
#   work=$(mktemp -d) && bash deploy/vm/vm.sh script "$work" --image netacademy/base:latest \
#     -- tests/NetAcademy.Packets.Tests/Fixtures/record-vlan.sh
#   cp "$work"/vlan-trunk*.pcap tests/NetAcademy.Packets.Tests/Fixtures/
#   rm -rf tests/NetAcademy.Core.Tests/Graph/Fixtures/vlan && cp -r "$work/graph/vlan" tests/NetAcademy.Core.Tests/Graph/Fixtures/
#
# Two containers on one internal network, as a lab's switch and router-on-a-stick: "sw" holds a VLAN-filtering
# bridge whose port eth0 is a trunk (VLANs 10 and 20 tagged, 100-102 for a range) and whose access ports p10 and
# p20 (PVID, untagged) lead to veth ends pc10 and pc20 with addresses; "rt" has the sub-interfaces eth0.10 and
# eth0.20. Pings from pc10 and pc20 to the router cross the trunk tagged. On sw's eth0, at the same time:
#   vlan-trunk.pcap          the packet-socket helper (src/NetAcademy.Labs/Capture/PacketSocketScript.cs), the capture
#                            program of the one capture path (packet table and grader) where tcpdump cannot run, which
#                            puts back the tag the kernel keeps outside the frame (PACKET_AUXDATA)
#   vlan-trunk-tcpdump.pcap  tcpdump, that path's program where it can run (libpcap does the same)
# and graph/vlan/sw/root/*.json: the `ip -j` / `bridge -j` outputs of the switch in record.sh's layout
# (tests/NetAcademy.Core.Tests/Graph/Fixtures), bridge-vlan.json being `bridge -j vlan show`.
# Argument: the folder to write into (the VM's results folder). Everything it creates is labelled and removed.
set -euo pipefail

out=${1:?usage: record-vlan.sh OUT}
root="$(cd "$(dirname "$0")/../../.." && pwd)"
image="${NETACADEMY_IMAGE:-netacademy/base:latest}"
session="pkt-vlan-$$"
net="na-$session"
labels=(--label netacademy.test=1 --label "netacademy.session=$session")

cleanup() {
  docker ps -aq --filter "label=netacademy.session=$session" | xargs -r docker rm -f >/dev/null
  docker network ls -q --filter "label=netacademy.session=$session" | xargs -r docker network rm >/dev/null
}
trap cleanup EXIT

docker network create --internal --subnet 172.31.251.0/24 "${labels[@]}" "$net" >/dev/null
n=11
for node in sw rt; do
  docker run -d --name "na-$session-$node" --hostname "$node" "${labels[@]}" --network "$net" --ip "172.31.251.$n" \
    --cap-add NET_ADMIN --cap-add NET_RAW --sysctl net.ipv6.conf.all.disable_ipv6=1 \
    --sysctl net.ipv6.conf.default.disable_ipv6=1 "$image" sleep infinity >/dev/null
  n=$((n + 1))
done
sw="na-$session-sw"
rt="na-$session-rt"

docker exec "$rt" sh -ec '
ip -4 addr flush dev eth0
ip link add link eth0 name eth0.10 type vlan id 10
ip link add link eth0 name eth0.20 type vlan id 20
ip addr add 10.10.0.254/24 dev eth0.10
ip addr add 10.20.0.254/24 dev eth0.20
ip link set eth0.10 up
ip link set eth0.20 up'
docker exec "$sw" sh -ec '
ip -4 addr flush dev eth0
ip link add br0 type bridge vlan_filtering 1
ip link set br0 up
ip link set eth0 master br0
bridge vlan add dev eth0 vid 10
bridge vlan add dev eth0 vid 20
bridge vlan add dev eth0 vid 100-102
for vid in 10 20; do
  ip link add pc$vid type veth peer name p$vid
  ip link set p$vid master br0
  bridge vlan add dev p$vid vid $vid pvid untagged
  bridge vlan del dev p$vid vid 1
  ip addr add 10.$vid.0.1/24 dev pc$vid
  ip link set p$vid up
  ip link set pc$vid up
done'

# The capture program exactly as the platform runs it: the C# raw string's text, and an accept-all filter
# (`tcpdump -ddd ""` is one instruction, "ret #262144").
sed -n '/^    public const string Source = """$/,/^""";$/p' "$root/src/NetAcademy.Labs/Capture/PacketSocketScript.cs" \
  | sed '1d;$d' >"$out/capture.py"
grep -q 'PACKET_AUXDATA\|263, 8' "$out/capture.py" || { echo "record-vlan: could not extract the capture program" >&2; exit 1; }
docker cp "$out/capture.py" "$sw:/tmp/capture.py"
rm -f "$out/capture.py"
docker exec -d "$sw" sh -c 'echo $$ >/tmp/platform.pid; exec python3 /tmp/capture.py eth0 512 "6 0 0 262144" >/tmp/platform.pcap 2>/tmp/platform.log'
docker exec -d "$sw" sh -c 'echo $$ >/tmp/tcpdump.pid; exec tcpdump -U -Z root -s 512 -i eth0 -w /tmp/tcpdump.pcap 2>/tmp/tcpdump.log'
for _ in $(seq 100); do
  docker exec "$sw" sh -c 'grep -q "listening on" /tmp/platform.log && grep -q "listening on" /tmp/tcpdump.log' && break
  sleep 0.2
done
sleep 1

docker exec "$sw" ping -c 2 -i 0.5 -I pc10 10.10.0.254 >/dev/null
docker exec "$sw" ping -c 2 -i 0.5 -I pc20 10.20.0.254 >/dev/null
sleep 2
docker exec "$sw" sh -c 'kill -INT "$(cat /tmp/platform.pid)" "$(cat /tmp/tcpdump.pid)"'
sleep 2
docker cp "$sw:/tmp/platform.pcap" "$out/vlan-trunk.pcap" >/dev/null
docker cp "$sw:/tmp/tcpdump.pcap" "$out/vlan-trunk-tcpdump.pcap" >/dev/null
echo "recorded vlan-trunk.pcap ($(stat -c %s "$out/vlan-trunk.pcap") bytes), vlan-trunk-tcpdump.pcap ($(stat -c %s "$out/vlan-trunk-tcpdump.pcap") bytes)"
docker exec "$sw" cat /tmp/platform.log

dir="$out/graph/vlan/sw/root"
mkdir -p "$dir"
c=$sw
docker exec "$c" ip -j -d link show >"$dir/link.json"
docker exec "$c" ip -j addr show >"$dir/addr.json"
docker exec "$c" ip -j route show >"$dir/route.json"
docker exec "$c" ip -j -6 route show >"$dir/route6.json"
docker exec "$c" bridge -j link show >"$dir/bridge.json"
docker exec "$c" bridge -j vlan show >"$dir/bridge-vlan.json"
docker exec "$c" ip -j netns list-id >"$dir/netns-ids.json"
fmt="{{with index .NetworkSettings.Networks \"$net\"}}{{.MacAddress}} {{.IPAddress}}{{end}}"
# No process substitution: the VM has no /dev/fd.
set -- $(docker inspect -f "$fmt" "$sw")
printf '[{"name":"trunk","subnet":"172.31.251.0/24","members":[{"node":"sw","mac":"%s","address":"%s"}]}]\n' "$1" "$2" \
  >"$out/graph/vlan/networks.json"
echo "recorded graph/vlan"
cat "$out/graph/vlan/sw/root/bridge-vlan.json"
