#!/bin/sh
# The client sends everything that is not on its own segment to the router.
set -e
ip route replace default via 10.0.1.1 dev eth0
cat > /etc/motd <<'MOTD'
Lab: netfilter and iptables. You are the client (10.0.1.2).
The router (10.0.1.1 / 10.0.2.1) forwards to the server (10.0.2.2), which serves TCP 80 and 8000.
MOTD
