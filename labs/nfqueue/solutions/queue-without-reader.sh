#!/bin/sh
set -e
iptables -A INPUT -p udp --dport 7777 -j NFQUEUE --queue-num 1
