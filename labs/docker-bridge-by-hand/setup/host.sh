#!/bin/sh
# Start from a clean slate: no containers or bridge left from an earlier attempt. The nat table is left
# alone: it holds Docker's own rules for the node's embedded DNS (127.0.0.11).
set -e
for ns in c1 c2; do ip netns del "$ns" 2>/dev/null || true; done
ip link del br0 2>/dev/null || true
cat > /etc/motd <<'MOTD'
Lab: Docker's bridge network by hand.
This node plays the Docker host: eth0 172.30.0.2 faces "internet" (172.30.0.3).
Goal: bridge br0 172.18.0.1/16, containers c1 172.18.0.2 and c2 172.18.0.3,
      MASQUERADE for their traffic out, and host port 8080 published to c2:80.
MOTD
