#!/usr/bin/env bash
# Makes sure a Docker engine answers. Uses DOCKER_HOST or the default socket when one answers;
# otherwise (root on Debian/Ubuntu) installs docker.io and starts dockerd in the background with
# --userns-remap=default so that root in a lab node is not root on the host.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

docker_answers() { command -v docker >/dev/null && timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# Lab bridges are all named nab*: nothing that arrives on one may reach the host itself. The bridges have
# no IPv4 address (inhibit_ipv4) but the host would still answer on its other addresses and IPv6 link-local.
host_firewall() {
  is_root || { say "not root: cannot check the host firewall for lab bridges (iptables -I INPUT -i nab+ -j DROP)"; return 0; }
  for tool in iptables ip6tables; do
    command -v "$tool" >/dev/null || continue
    "$tool" -C INPUT -i nab+ -j DROP 2>/dev/null || "$tool" -I INPUT -i nab+ -j DROP
  done
}

if docker_answers; then
  say "Docker engine $(docker version --format '{{.Server.Version}}') answers"
  host_firewall
  exit 0
fi
[ -n "${DOCKER_HOST:-}" ] && die "DOCKER_HOST=$DOCKER_HOST is set but no engine answers there"

apt_ensure docker.io iptables uidmap
command -v dockerd >/dev/null || die "docker.io is installed but dockerd is not on PATH"

if pgrep -x dockerd >/dev/null; then
  say "dockerd is running but not answering yet; waiting"
else
  say "starting dockerd (userns-remap=default), log in /var/log/netacademy-dockerd.log"
  nohup dockerd --userns-remap=default >/var/log/netacademy-dockerd.log 2>&1 &
fi
for _ in $(seq 1 60); do
  docker_answers && { say "Docker engine $(docker version --format '{{.Server.Version}}') is up"; host_firewall; exit 0; }
  sleep 1
done
tail -n 20 /var/log/netacademy-dockerd.log >&2 || true
die "dockerd did not answer within 60 s (log above)"
