#!/bin/sh
# The router forwards between the inside (eth0) and the dmz (eth1). It starts with a "backwards" firewall:
# the web is rejected and everything else is forwarded, which the first task fixes.
set -e
iptables -F FORWARD
iptables -P FORWARD ACCEPT
iptables -t nat -F
iptables -t raw -F
iptables -A FORWARD -p tcp --dport 80 -j REJECT --reject-with tcp-reset
cat > /etc/motd <<'MOTD'
Lab: netfilter and iptables. You are the router: eth0 10.0.1.1 (inside), eth1 10.0.2.1 (dmz).
Start with: iptables -L -v -n --line-numbers ; iptables -t nat -L -v -n
MOTD
