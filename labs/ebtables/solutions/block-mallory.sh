#!/bin/sh
set -e
ebtables -A FORWARD -s 02:00:00:00:00:0c -j DROP
