#!/bin/sh
# The client only has the public network. It waits until both OSDs are up, so the lab is ready to use
# when setup ends.
set -e
for i in $(seq 120); do
  if ceph --connect-timeout 2 osd stat 2>/dev/null | grep -q '2 osds: 2 up.*2 in'; then break; fi
  sleep 0.5
done
ceph osd stat
ceph osd stat | grep -q '2 osds: 2 up.*2 in' || { echo "the two OSDs did not come up" >&2; exit 1; }
# Let the cluster settle: the manager creates its device_health_metrics pool soon after it starts, and the
# OSDs exchange the new maps and create its placement group. Once that is over, nothing is replicated, and
# the cluster network carries only heartbeats until the learner asks for a second copy.
for i in $(seq 120); do
  if ceph --connect-timeout 2 osd pool ls 2>/dev/null | grep -q '^device_health_metrics$' &&
     ceph --connect-timeout 2 pg stat 2>/dev/null | awk '{ exit !($1 > 0 && $1 == $3 && $4 == "active+clean;") }'; then
    break
  fi
  sleep 0.5
done
ceph pg stat
sleep 2
cat > /etc/motd <<'MOTD'
Lab: Ceph networking. You are the client (10.0.1.2, public network only), with the admin key.
Cluster: ceph -s ; ceph osd tree ; ceph osd dump ; objects: rados -p POOL put|get|ls|stat
MOTD
