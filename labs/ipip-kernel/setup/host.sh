#!/bin/sh
set -e
cat > /etc/motd <<'MOTD'
Lab: IP-in-IP with the kernel's ipip driver.
Underlay: host1 172.20.0.2, host2 172.20.0.3 (eth0).
Overlay: host1 ipip0 10.1.0.1/32, host2 ipip0 10.2.0.1/32.
MOTD
