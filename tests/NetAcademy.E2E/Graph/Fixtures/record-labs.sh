#!/bin/sh
# Records each lab's solved state as the graph's discovery sees it, in the layout of
# tests/NetAcademy.Core.Tests/Graph/Fixtures (see record.sh there):
#   <lab>/<node>/<root|netns>/{link,addr,route,route6,bridge,netns-ids}.json and <lab>/networks.json
# The layout tests (GraphLayoutTests) build InterfaceGraphs from these folders with the real builder and lay
# them out in a browser.
#
# Usage: record-labs.sh [LAB...] (default: every lab under labs/). Starts each lab with the CLI
# (`netacademy lab up`, instance graph-fixtures), runs every task's reference solution in task order, dumps,
# and stops the lab. Needs a Release build of NetAcademy.Cli and the lab images (deploy/build-images.sh).
# A lab whose start or solution fails (a kernel feature this host lacks) is reported and skipped.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
CLI="$ROOT/src/NetAcademy.Cli/bin/Release/net10.0/netacademy"
INSTANCE=graph-fixtures

cleanup() {
    "$CLI" lab down --all --instance "$INSTANCE" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

dump_ns() { # dump_ns CONTAINER DIR [nsenter args...]
    c=$1; dir=$2; shift 2
    mkdir -p "$dir"
    docker exec "$c" "$@" ip -j -d link show >"$dir/link.json"
    docker exec "$c" "$@" ip -j addr show >"$dir/addr.json"
    docker exec "$c" "$@" ip -j route show >"$dir/route.json"
    docker exec "$c" "$@" ip -j -6 route show >"$dir/route6.json"
    docker exec "$c" "$@" bridge -j link show >"$dir/bridge.json"
    docker exec "$c" "$@" ip -j netns list-id >"$dir/netns-ids.json"
}

record() {
    lab=$1
    yaml="$ROOT/labs/$lab/lab.yaml"
    out=$("$CLI" lab up "$lab" --root "$ROOT" --instance "$INSTANCE" 2>&1) || { echo "skipped $lab: $(echo "$out" | tail -1)" >&2; return 0; }
    session=$(echo "$out" | sed -n 's/^session \([0-9a-f]*\) ready.*/\1/p')
    # Solution steps in task order: lines `- { node: NODE, script: PATH }`.
    steps=$(sed -n 's/^ *- { *node: *\([a-z0-9-]*\), *script: *\([^ }]*\) *}.*/\1 \2/p' "$yaml")
    failed=
    echo "$steps" | while read -r node script; do
        [ -n "$node" ] || continue
        docker exec -i "na-$session-$node" sh -e -s <"$ROOT/labs/$lab/$script" >/dev/null 2>&1 \
            || { echo "solution $script on $node failed" >&2; exit 1; }
    done || failed=1
    if [ -n "$failed" ]; then
        echo "skipped $lab: a solution step failed" >&2
        "$CLI" lab down "$session" --instance "$INSTANCE" >/dev/null
        return 0
    fi
    rm -rf "${HERE:?}/$lab"
    nets=
    for c in $(docker ps -q --filter "label=netacademy.session=$session"); do
        node=$(docker inspect -f '{{index .Config.Labels "netacademy.node"}}' "$c")
        dump_ns "$c" "$HERE/$lab/$node/root"
        for ns in $(docker exec "$c" ip netns list | cut -d' ' -f1); do
            dump_ns "$c" "$HERE/$lab/$node/$ns" nsenter "--net=/run/netns/$ns"
        done
    done
    for n in $(docker network ls -q --filter "label=netacademy.session=$session"); do
        name=$(docker network inspect -f '{{index .Labels "netacademy.network"}}' "$n")
        full=$(docker network inspect -f '{{.Name}}' "$n")
        subnet=$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' "$n")
        members=
        for c in $(docker ps -q --filter "label=netacademy.session=$session" --filter "network=$full"); do
            node=$(docker inspect -f '{{index .Config.Labels "netacademy.node"}}' "$c")
            set -- $(docker inspect -f "{{with index .NetworkSettings.Networks \"$full\"}}{{.MacAddress}} {{.IPAddress}}{{end}}" "$c")
            members="$members${members:+,}{\"node\":\"$node\",\"mac\":\"$1\",\"address\":\"$2\"}"
        done
        nets="$nets${nets:+,}{\"name\":\"$name\",\"subnet\":\"$subnet\",\"members\":[$members]}"
    done
    printf '[%s]\n' "$nets" >"$HERE/$lab/networks.json"
    # The engine's block and addresses, replaced by the lab's own, as the page shows them.
    python3 "$HERE/lab-networks.py" "$HERE/$lab"
    "$CLI" lab down "$session" --instance "$INSTANCE" >/dev/null
    echo "recorded $lab"
}

if [ $# -eq 0 ]; then
    set -- $(ls "$ROOT/labs")
fi
for lab in "$@"; do
    record "$lab"
done
