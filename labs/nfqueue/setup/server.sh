#!/bin/sh
# The server echoes UDP on 7777 (the "app") and 7778 (the "metrics" port). Port 7778 already goes to
# netfilter queue 2, where a userspace inspector was meant to run but never started, so it is dead.
set -e
pkill -f '^python3 /usr/local/bin/udp-echo' 2>/dev/null || true
setsid python3 /usr/local/bin/udp-echo 7777 7778 </dev/null >/var/log/udp-echo.log 2>&1 &
iptables -F INPUT
iptables -A INPUT -p udp --dport 7778 -j NFQUEUE --queue-num 2
for i in $(seq 50); do
  if ss -lun | grep -q ':7777 ' && ss -lun | grep -q ':7778 '; then break; fi
  sleep 0.1
done
ss -lun | grep -q ':7778 ' || { echo "the UDP echo server did not start" >&2; exit 1; }
cat > /etc/motd <<'MOTD'
Lab: NFQUEUE. You are the server (10.0.0.2): UDP echo on 7777 (app) and 7778 (metrics).
Userspace verdict program: nfq-verdict --queue N [--drop-word WORD]  (source: /usr/local/bin/nfq-verdict)
MOTD
