#!/bin/sh
set -e
sed -i 's/protocol C;/protocol A;/' /etc/drbd.d/r0.res
drbdadm adjust r0
