#!/bin/sh
set -e
ipvsadm -A -t 10.96.0.10:80 -s mh
ipvsadm -a -t 10.96.0.10:80 -r 10.0.2.11:80 -m
ipvsadm -a -t 10.96.0.10:80 -r 10.0.2.12:80 -m
ipvsadm -a -t 10.96.0.10:80 -r 10.0.2.13:80 -m
