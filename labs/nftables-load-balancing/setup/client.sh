#!/bin/sh
# The service address 10.96.0.10 lives on no interface (like a Kubernetes ClusterIP): the client routes
# the whole service range to the load balancer, which rewrites it to a backend.
set -e
ip route replace 10.96.0.0/16 via 10.0.1.1 dev eth0
cat > /etc/motd <<'MOTD'
Lab: load balancing with nftables. You are the client (10.0.1.2). The service is 10.96.0.10:80.
One request without curl:  printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 10.96.0.10 80 | tail -n 1
MOTD
