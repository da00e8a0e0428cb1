#!/bin/sh
# The plain router between the client's network and the servers'. In NAT mode nothing crosses it; in
# direct-routing mode the backends send their replies through it, past the balancer.
set -e
# Replies in direct-routing mode come from 10.96.0.10 on eth1: a route there keeps reverse-path
# filtering happy, and sends the client's stray service traffic to the balancer as well.
ip route replace 10.96.0.0/16 via 10.0.2.10 dev eth1
cat > /etc/motd <<'MOTD'
Lab: IPVS. You are gw, a plain router: eth0 10.0.1.1 (client side), eth1 10.0.2.1 (servers).
MOTD
