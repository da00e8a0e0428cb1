#!/bin/sh
# Two services on the server: the web site on TCP 80 and an "admin" service on TCP 8000 that the
# firewall is meant to hide. Both are python's http.server, detached so the setup exec can return.
set -e
ip route replace default via 10.0.2.1 dev eth0
mkdir -p /srv/www /srv/admin
echo "hello from the web server" > /srv/www/index.html
echo "admin console: you should not see this from the client" > /srv/admin/index.html
start() { # start PORT DIR
  setsid python3 -m http.server "$1" --bind 0.0.0.0 --directory "$2" </dev/null >"/var/log/http-$1.log" 2>&1 &
}
start 80 /srv/www
start 8000 /srv/admin
# Wait until both listen, so the lab is ready when setup returns.
for i in $(seq 50); do
  if ss -ltn | grep -q ':80 ' && ss -ltn | grep -q ':8000 '; then exit 0; fi
  sleep 0.1
done
echo "the web servers did not start" >&2
exit 1
