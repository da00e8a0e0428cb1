#!/bin/sh
set -e
iptables -t nat -A PREROUTING -i eth0 -p tcp -d 10.0.1.1 --dport 8080 -j DNAT --to-destination 10.0.2.2:80
