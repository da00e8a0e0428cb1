#!/bin/sh
set -e
ipvsadm -E -t 10.96.0.10:80 -s wrr
ipvsadm -e -t 10.96.0.10:80 -r 10.0.2.11:80 -m -w 3
