#!/bin/sh
# Thirty clients in one node: each is a source address of its own (10.0.1.100-129). Without its mh-port
# flag, IPVS's Maglev scheduler hashes the source address only, so these are the flows whose backends the
# lab follows.
set -e
ip route replace 10.96.0.0/16 via 10.0.1.10 dev eth0
for i in $(seq 100 129); do
  ip addr add "10.0.1.$i/24" dev eth0
done
cat > /etc/motd <<'MOTD'
Lab: Maglev. You are the client (10.0.1.2, and 30 client addresses 10.0.1.100-129 on eth0).
The service is 10.96.0.10:80 on the balancer lb. Which backend answers each client: flows
One request from one client:  printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 -s 10.0.1.100 10.96.0.10 80 | tail -n 1
MOTD
