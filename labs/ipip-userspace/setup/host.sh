#!/bin/sh
# A fresh node: no tunnel program from an earlier attempt.
set -e
cat > /etc/motd <<'MOTD'
Lab: IP-in-IP in user space.
Underlay: host1 172.20.0.2, host2 172.20.0.3 (eth0).
Overlay: host1 tun0 10.1.0.1/32, host2 tun0 10.2.0.1/32.  Program: ipip-tun DEVICE REMOTE
MOTD
