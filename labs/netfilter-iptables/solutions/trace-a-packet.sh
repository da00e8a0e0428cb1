#!/bin/sh
set -e
iptables -t raw -A PREROUTING -p tcp -s 10.0.1.2 -m multiport --dports 80,8080 -j TRACE
