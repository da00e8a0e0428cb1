#!/bin/sh
# Raise the copies, then wait until every placement group of the pool is active+clean again (the
# existing objects have been copied to the new replica).
set -e
ceph osd pool set lab size 2
for i in $(seq 60); do
  if ceph pg ls-by-pool lab 2>/dev/null | awk 'NR > 1 && $1 ~ /^[0-9]+\./ && $0 !~ /active\+clean/ {bad=1} END {exit bad}'; then
    ceph osd map lab greeting | grep -q 'acting (\[[0-9]*,[0-9]*\]' && exit 0
  fi
  sleep 1
done
ceph -s >&2
exit 1
