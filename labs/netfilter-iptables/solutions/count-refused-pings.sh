#!/bin/sh
set -e
iptables -A FORWARD -p icmp -s 10.0.1.2 -j DROP
