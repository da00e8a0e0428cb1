#!/bin/sh
# Start from a clean slate: no namespaces left from an earlier attempt in this container.
set -e
for ns in red blue; do
  ip netns del "$ns" 2>/dev/null || true
done
cat > /etc/motd <<'MOTD'
Lab: network namespaces and veth pairs.
Goal: namespaces red and blue joined by a veth pair, 10.0.0.1/24 <-> 10.0.0.2/24.
MOTD
