#!/bin/sh
set -e
ipvsadm -e -t 10.96.0.10:80 -r 10.0.2.11:80 -g -w 3
ipvsadm -e -t 10.96.0.10:80 -r 10.0.2.12:80 -g -w 1
