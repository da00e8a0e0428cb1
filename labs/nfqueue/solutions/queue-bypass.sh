#!/bin/sh
set -e
iptables -D INPUT -p udp --dport 7778 -j NFQUEUE --queue-num 2
iptables -A INPUT -p udp --dport 7778 -j NFQUEUE --queue-num 2 --queue-bypass
