#!/bin/sh
set -e
echo "hello from the client" > /tmp/greeting.txt
rados -p lab put greeting /tmp/greeting.txt
