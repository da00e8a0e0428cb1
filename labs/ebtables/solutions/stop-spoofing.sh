#!/bin/sh
set -e
ebtables -t nat -A PREROUTING -i port-mallory ! -s 02:00:00:00:00:0c -j DROP
