#!/bin/sh
# Both sides start Inconsistent; forcing alpha primary makes its data the truth and starts the resync.
set -e
drbdadm primary --force r0
for i in $(seq 120); do
  drbdadm status r0 | grep -q 'peer-disk:UpToDate' && exit 0
  sleep 0.5
done
drbdadm status r0 >&2
exit 1
