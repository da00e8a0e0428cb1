#!/bin/sh
# Each backend serves a page that holds only its own name, so a client can tell who answered.
set -e
ip route replace default via 10.0.2.1 dev eth0
mkdir -p /srv/www
hostname > /srv/www/index.html
setsid python3 -m http.server 80 --bind 0.0.0.0 --directory /srv/www </dev/null >/var/log/http.log 2>&1 &
for i in $(seq 50); do
  ss -ltn | grep -q ':80 ' && exit 0
  sleep 0.1
done
echo "the web server did not start" >&2
exit 1
