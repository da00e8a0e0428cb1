#!/bin/sh
# Bootstraps the cluster on mon1: a monitor map with one monitor, the monitor's store (which imports
# every key of mon.keyring), then the monitor and the manager. There is no systemd in a lab node, so the
# daemons run in the foreground (-f) of a detached session, with their output in /var/log/ceph.
set -e
fsid=$(awk '$1 == "fsid" {print $3}' /etc/ceph/ceph.conf)
mkdir -p /var/lib/ceph/mon/ceph-mon1 /var/lib/ceph/mgr/ceph-x /var/log/ceph /var/run/ceph
if [ ! -e /var/lib/ceph/mon/ceph-mon1/done ]; then
  monmaptool --create --clobber --fsid "$fsid" --addv mon1 '[v2:10.0.1.10:3300]' /tmp/monmap >/dev/null
  ceph-mon --mkfs -i mon1 --monmap /tmp/monmap --keyring /etc/ceph/lab/mon.keyring
  touch /var/lib/ceph/mon/ceph-mon1/done
fi
cp /etc/ceph/lab/mgr.x.keyring /var/lib/ceph/mgr/ceph-x/keyring
pgrep -x ceph-mon >/dev/null || \
  setsid ceph-mon -f -i mon1 --public-addr 10.0.1.10 </dev/null >>/var/log/ceph/ceph-mon.mon1.out 2>&1 &
# The monitor answers once it has formed a quorum (of one).
for i in $(seq 60); do
  ceph --connect-timeout 2 mon stat >/dev/null 2>&1 && break
  sleep 0.5
done
ceph --connect-timeout 2 mon stat
pgrep -x ceph-mgr >/dev/null || \
  setsid ceph-mgr -f -i x </dev/null >>/var/log/ceph/ceph-mgr.x.out 2>&1 &
cat > /etc/motd <<'MOTD'
Lab: Ceph networking. mon1 runs the monitor (v2:10.0.1.10:3300) and the manager.
Logs: /var/log/ceph/. Status: ceph -s
MOTD
