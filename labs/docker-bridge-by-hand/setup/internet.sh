#!/bin/sh
# The outside world knows nothing about 172.18.0.0/16: no route back to the containers, on purpose.
set -e
cat > /etc/motd <<'MOTD'
Lab: Docker's bridge network by hand.
This node plays the internet (172.30.0.3). It has no route to 172.18.0.0/16.
MOTD
