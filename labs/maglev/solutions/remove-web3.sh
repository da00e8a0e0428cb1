#!/bin/sh
set -e
ipvsadm -d -t 10.96.0.10:80 -r 10.0.2.13:80
