#!/bin/sh
set -e
nft delete table ip lb 2>/dev/null || true
cat > /etc/motd <<'MOTD'
Lab: load balancing with nftables. You are the load balancer: eth0 10.0.1.1 (clients), eth1 10.0.2.1
(backends web1 10.0.2.11 and web2 10.0.2.12, port 80). Service address: 10.96.0.10:80.
MOTD
