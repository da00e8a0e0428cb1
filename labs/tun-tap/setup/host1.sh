#!/bin/sh
# Start from a clean slate: no devices or tunpong left from an earlier attempt in this container.
set -e
pkill -x tunpong 2>/dev/null || true
for dev in tun0 tap0; do
  ip link del "$dev" 2>/dev/null || true
done
cat > /etc/motd <<'MOTD'
Lab: TUN and TAP devices.
Goal: tun0 (10.8.0.1/24) with tunpong attached, answering pings to 10.8.0.2; then tap0 (10.9.0.1/24).
tunpong is installed in /usr/local/bin; `tunpong --help` shows its options.
MOTD
