#!/bin/sh
# Detached, so the program keeps running after this shell ends; a learner runs it in a terminal instead.
set -e
setsid nfq-verdict --queue 1 --drop-word secret </dev/null >/var/log/nfq-verdict.log 2>&1 &
for i in $(seq 50); do
  grep -qE '^ *1 ' /proc/net/netfilter/nfnetlink_queue 2>/dev/null && exit 0
  sleep 0.1
done
cat /var/log/nfq-verdict.log >&2
exit 1
