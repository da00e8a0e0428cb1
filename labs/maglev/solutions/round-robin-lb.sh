#!/bin/sh
# web3 back, the same service under round robin.
set -e
ipvsadm -E -t 10.96.0.10:80 -s rr
ipvsadm -a -t 10.96.0.10:80 -r 10.0.2.13:80 -m
