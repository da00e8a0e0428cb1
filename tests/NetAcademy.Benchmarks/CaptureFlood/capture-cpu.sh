#!/usr/bin/env bash
# CPU of the capture program in a node under a ping flood, per captured packet: the traffic checks' own program before
# the one capture path (python3 on an AF_PACKET socket writing a file, as of commit 394bf5b) against the program of
# the path the packet table and the checks now share (tcpdump -U -w - into a pipe, as CaptureSession runs it).
# One throwaway base container, capture on a veth whose peer is in a namespace of it, the same flood from there
# (ping -f, 20000 echoes: 40000 frames) for each program, ROUNDS rounds.
# CPU is utime+stime of the capture process from /proc (clock ticks, 100 per second), so load moves it less than time.
#   bash tests/NetAcademy.Benchmarks/CaptureFlood/capture-cpu.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
rounds=${1:-5}
work=$(mktemp -d)
c=na-capture-cpu-$$
git -C "$root" show 394bf5b:src/NetAcademy.Grading/Traffic/TrafficCheckEvaluator.cs | python3 -c '
import sys, textwrap
s = sys.stdin.read()
a = s.index("internal const string CaptureProgram = \"\"\"\n") + len("internal const string CaptureProgram = \"\"\"\n")
sys.stdout.write(textwrap.dedent(s[a:s.index("\"\"\";", a)]))' >"$work/old.py"
docker run -d --name "$c" --label "netacademy.session=capture-cpu-$$" --label netacademy.test=1 --network none \
  --cap-add NET_ADMIN --cap-add NET_RAW --cap-add SETUID --cap-add SETGID --cap-add SYS_ADMIN netacademy/base:latest sleep infinity >/dev/null
trap 'docker rm -f "$c" >/dev/null; rm -rf "$work"' EXIT
docker cp "$work/old.py" "$c:/tmp/old.py" >/dev/null
docker exec "$c" sh -ec 'ip netns add peer; ip link add v0 type veth peer name v1 netns peer
  ip addr add 10.9.0.1/24 dev v0; ip link set v0 up; ip -n peer addr add 10.9.0.2/24 dev v1; ip -n peer link set v1 up'
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
ticks() { docker exec "$c" sh -c "awk '{print \$14+\$15}' /proc/$1/stat"; }
measure() { # $1 name, $2 start command, $3 pgrep pattern, $4 pcap
  docker exec -d "$c" sh -c "$2"
  sleep 1.5
  local pid t n
  pid=$(docker exec "$c" pgrep -f -o "$3")
  docker exec "$c" ip netns exec peer ping -f -q -c 20000 10.9.0.1 >/dev/null
  sleep 0.5
  t=$(ticks "$pid")
  docker exec "$c" kill "$pid"
  sleep 0.3
  n=$(docker exec "$c" sh -c "tcpdump -r $4 2>/dev/null | wc -l")
  echo "$1 $t $n"
}
results=$(for r in $(seq "$rounds"); do
  measure before 'exec python3 /tmp/old.py v0 /tmp/old.pcap 60 100000000 512 2>/tmp/old.log' 'python3 /tmp/old.py' /tmp/old.pcap
  measure after 'exec /usr/bin/tcpdump -Z root -U -w - -i v0 -s 512 2>/tmp/new.log | cat >/tmp/new.pcap' '^/usr/bin/tcpdump' /tmp/new.pcap
done)
echo "$results" | awk '
  { t[$1] += $2; n[$1] += $3; runs[$1] = runs[$1] " " $2 "/" $3 }
  END {
    for (k in t) printf "%-6s ticks/packets per round:%s; %.2f us CPU per captured packet, %d of %d packets captured\n", k, runs[k], t[k] * 10000 / n[k], n[k], 40000 * (NR / 2)
    printf "after/before CPU per packet: %.2f\n", (t["after"] / n["after"]) / (t["before"] / n["before"])
  }'
