#!/bin/sh
set -e
ceph osd pool create lab 8 8 replicated
ceph osd pool application enable lab rados
