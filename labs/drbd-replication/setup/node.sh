#!/bin/sh
# A small file-backed disk for DRBD to replicate. The loop device needs /dev/loop-control, which the
# runtime passes to labs that require drbd, and CAP_SYS_ADMIN.
set -e
mkdir -p /var/lib/drbd-lab
[ -f /var/lib/drbd-lab/backing.img ] || truncate -s 64M /var/lib/drbd-lab/backing.img
dev=$(losetup -j /var/lib/drbd-lab/backing.img | cut -d: -f1)
[ -n "$dev" ] || dev=$(losetup -f --show /var/lib/drbd-lab/backing.img)
ln -sf "$dev" /dev/drbd-backing
cat > /etc/motd <<MOTD
Lab: DRBD. You are $(hostname). Resource r0 (/etc/drbd.d/r0.res): /dev/drbd0 on $dev.
Replication network: eth1 10.0.10.0/24, port 7789. Service network: eth0 10.0.20.0/24.
MOTD
