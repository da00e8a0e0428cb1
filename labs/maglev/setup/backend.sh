#!/bin/sh
# NAT mode: the replies must go back through the balancer, which undoes the rewrite, so default via lb.
# The page is the node's name: whoever asks learns which backend answered.
set -e
ip route replace default via 10.0.2.10 dev eth0
mkdir -p /srv/www
hostname > /srv/www/index.html
setsid python3 -m http.server 80 --bind 0.0.0.0 --directory /srv/www </dev/null >/var/log/http.log 2>&1 &
for i in $(seq 50); do
  ss -ltn | grep -q ':80 ' && exit 0
  sleep 0.1
done
echo "the web server did not start" >&2
exit 1
