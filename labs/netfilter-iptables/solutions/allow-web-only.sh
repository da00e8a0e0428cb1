#!/bin/sh
set -e
iptables -F FORWARD
iptables -P FORWARD DROP
iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A FORWARD -i eth0 -o eth1 -p tcp -s 10.0.1.2 -d 10.0.2.2 --dport 80 -m conntrack --ctstate NEW -j ACCEPT
