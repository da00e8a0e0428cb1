#!/bin/sh
# The service range goes to the balancer; everything else (nothing, in this lab) to the router gw.
set -e
ip route replace 10.96.0.0/16 via 10.0.1.10 dev eth0
cat > /etc/motd <<'MOTD'
Lab: IPVS. You are the client (10.0.1.2). The service is 10.96.0.10:80 on the balancer lb (10.0.1.10).
One request:  printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 10.96.0.10 80 | tail -n 1
MOTD
