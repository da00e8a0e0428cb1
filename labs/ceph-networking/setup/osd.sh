#!/bin/sh
# Creates this node's OSD (osd1 -> osd.0, osd2 -> osd.1): registers it with the monitor, formats its
# memory store, starts it. The OSD picks its public address from `public network` and its cluster
# address from `cluster network` in ceph.conf, and adds itself to the CRUSH map under its host name.
set -e
case "$(hostname)" in
  osd1) id=0; uuid=e8685416-38da-4d26-b880-908f621d69bb ;;
  osd2) id=1; uuid=c7de3932-baad-4302-a188-8a2eab763ad4 ;;
  *) echo "osd.sh runs on osd1 or osd2, not on $(hostname)" >&2; exit 1 ;;
esac
dir=/var/lib/ceph/osd/ceph-$id
mkdir -p "$dir" /var/log/ceph /var/run/ceph
cp "/etc/ceph/lab/osd.$id.keyring" "$dir/keyring"
ceph --connect-timeout 10 osd new "$uuid" "$id" >/dev/null
if [ ! -e "$dir/whoami" ]; then
  ceph-osd -i "$id" --mkfs --osd-uuid "$uuid" >/var/log/ceph/ceph-osd.$id.mkfs 2>&1 || {
    cat /var/log/ceph/ceph-osd.$id.mkfs >&2; exit 1; }
fi
pgrep -x ceph-osd >/dev/null || \
  setsid ceph-osd -f -i "$id" </dev/null >>/var/log/ceph/ceph-osd.$id.out 2>&1 &
cat > /etc/motd <<MOTD
Lab: Ceph networking. $(hostname) runs osd.$id: public network on eth0, cluster network on eth1.
Logs: /var/log/ceph/. Its addresses: ceph osd dump | grep osd.$id
MOTD
