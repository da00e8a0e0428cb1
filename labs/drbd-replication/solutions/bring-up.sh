#!/bin/sh
set -e
drbdadm create-md --force r0
drbdadm up r0
