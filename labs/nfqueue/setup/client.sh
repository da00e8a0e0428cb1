#!/bin/sh
set -e
cat > /etc/motd <<'MOTD'
Lab: NFQUEUE. You are the client (10.0.0.1). Talk to the UDP echo server:
  echo hello | nc -u -w1 10.0.0.2 7777
MOTD
