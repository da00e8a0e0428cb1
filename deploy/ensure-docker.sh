#!/usr/bin/env bash
# Makes sure a Docker engine answers, with userns-remap (root in a lab node is not root on the host). Uses
# DOCKER_HOST or the default socket when one answers; otherwise (root on Debian/Ubuntu) installs docker.io.
# The remap is configured in /etc/docker/daemon.json before the package is installed, because on a host with
# systemd the package starts docker.service at once; where systemd runs the engine, a running engine without
# remap is restarted through it; elsewhere dockerd is started in the background and reads the same file.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

docker_answers() { command -v docker >/dev/null && timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# Lab bridges are all named nab* and carry no host address (inhibit_ipv4). Two rules keep them apart:
# - INPUT: nothing arriving on a lab bridge reaches the host itself (it would still answer on its other
#   addresses and on IPv6 link-local);
# - DOCKER-USER (FORWARD): frames bridged between the ports of one lab bridge pass whatever their
#   addresses (labs route their own subnets over it), and nothing else from a lab bridge is forwarded,
#   so the host never routes between two sessions.
host_firewall() {
  is_root || { say "not root: cannot check the host firewall rules for lab bridges (see docs/security.md)"; return 0; }
  for tool in iptables ip6tables; do
    command -v "$tool" >/dev/null || continue
    "$tool" -C INPUT -i nab+ -j DROP 2>/dev/null || "$tool" -I INPUT -i nab+ -j DROP
    # Flows bridged between nodes stay out of the host's connection-tracking table (one table for the whole host).
    "$tool" -t raw -C PREROUTING -i nab+ -j NOTRACK 2>/dev/null || "$tool" -t raw -I PREROUTING -i nab+ -j NOTRACK
  done
  iptables -N DOCKER-USER 2>/dev/null || true
  if ! iptables -C DOCKER-USER -i nab+ -m physdev --physdev-is-bridged -j ACCEPT 2>/dev/null; then
    iptables -D DOCKER-USER -i nab+ -j DROP 2>/dev/null || true
    iptables -I DOCKER-USER 1 -i nab+ -m physdev --physdev-is-bridged -j ACCEPT
    iptables -I DOCKER-USER 2 -i nab+ -j DROP
  fi
  if command -v ip6tables >/dev/null; then
    ip6tables -C FORWARD -i nab+ -m physdev ! --physdev-is-bridged -j DROP 2>/dev/null \
      || ip6tables -I FORWARD -i nab+ -m physdev ! --physdev-is-bridged -j DROP
  fi
}

# The rules last until a reboot or a firewall flush. Where systemd runs, a unit puts them back at every boot and
# whenever docker.service starts; elsewhere, and in between, the server puts them back before every lab start.
persist_host_firewall() {
  is_root && [ -d /run/systemd/system ] && command -v systemctl >/dev/null || return 0
  local unit=/etc/systemd/system/netacademy-host-firewall.service
  sed "s|@NETACADEMY_ROOT@|$NETACADEMY_ROOT|" "$NETACADEMY_ROOT/deploy/systemd/netacademy-host-firewall.service" >"$unit.new"
  if cmp -s "$unit.new" "$unit"; then
    rm -f "$unit.new"
    return 0
  fi
  mv "$unit.new" "$unit"
  systemctl daemon-reload
  systemctl enable --quiet netacademy-host-firewall.service
  say "installed $unit: the lab-bridge rules come back at boot"
}

# Called by that unit: the rules only.
if [ "${1:-}" = --host-firewall ]; then
  host_firewall
  exit 0
fi

# TUN/TAP labs pass /dev/net/tun to their nodes. udev makes it 0666 on a standard Debian/Ubuntu host (opening it
# grants nothing by itself: creating a device needs CAP_NET_ADMIN in the node's own network namespace). A host
# without udev leaves it 0600, which root in a user-namespaced node (an unprivileged user on the host) cannot open.
tun_device() {
  if [ -c /dev/net/tun ] && [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
    if is_root; then
      say "making /dev/net/tun 0666 as udev would (TUN/TAP labs)"
      chmod 0666 /dev/net/tun
    else
      say "/dev/net/tun is not 0666: TUN/TAP labs will be unavailable (run as root to fix)"
    fi
  fi
}
tun_device

# Every lab node's root is one unprivileged host user (userns-remap), and runc gives every container, and every
# program started in one (terminals, captures, checks), a session keyring of its own charged to that user. The
# kernel's quota for a non-root user, 200 keys and 20,000 bytes, is full at about 70 learners of a one-node lab
# (a node, a terminal and a capture each); past it the engine refuses every new exec and node ("unable to join
# session keyring: unable to create session key: disk quota exceeded"). Raised, never lowered, now and at boot
# (/etc/sysctl.d). Nodes cannot make keys themselves: Docker's seccomp profile blocks keyctl and add_key.
KEYS_MAX=20000
KEYS_MAX_BYTES=2000000
key_quota() {
  local keys bytes
  keys=$(cat /proc/sys/kernel/keys/maxkeys 2>/dev/null) || return 0
  bytes=$(cat /proc/sys/kernel/keys/maxbytes)
  [ "$keys" -ge "$KEYS_MAX" ] && [ "$bytes" -ge "$KEYS_MAX_BYTES" ] && return 0
  if ! is_root; then
    say "the kernel key quota of a non-root user is $keys keys / $bytes bytes: the engine refuses execs beyond it (run as root to raise it to $KEYS_MAX / $KEYS_MAX_BYTES)"
    return 0
  fi
  [ "$keys" -ge "$KEYS_MAX" ] || keys=$KEYS_MAX
  [ "$bytes" -ge "$KEYS_MAX_BYTES" ] || bytes=$KEYS_MAX_BYTES
  if [ -d /etc/sysctl.d ]; then
    printf '# NetAcademy (deploy/ensure-docker.sh): every lab node and program in one takes a kernel key of the remapped root.\nkernel.keys.maxkeys = %s\nkernel.keys.maxbytes = %s\n' \
      "$keys" "$bytes" >/etc/sysctl.d/60-netacademy-keys.conf
  fi
  if echo "$keys" >/proc/sys/kernel/keys/maxkeys 2>/dev/null && echo "$bytes" >/proc/sys/kernel/keys/maxbytes 2>/dev/null; then
    say "raised the kernel key quota of non-root users to $keys keys / $bytes bytes (one per lab node and per program in one)"
  else
    say "could not raise the kernel key quota (kernel.keys.maxkeys/maxbytes are read-only here): the engine refuses execs beyond $(cat /proc/sys/kernel/keys/maxkeys) keys"
  fi
}
key_quota

# Adds "userns-remap": "default" to /etc/docker/daemon.json, keeping whatever else is there; a file that already
# names a remap user is left as it is. Returns 0 when it changed the file.
configure_remap() {
  is_root || return 1
  local file=/etc/docker/daemon.json
  mkdir -p /etc/docker
  if [ ! -s "$file" ]; then
    printf '{\n  "userns-remap": "default"\n}\n' >"$file"
    say "wrote $file with userns-remap=default"
    return 0
  fi
  apt_ensure jq
  jq -e 'has("userns-remap")' "$file" >/dev/null 2>&1 && return 1
  jq -e 'type == "object"' "$file" >/dev/null 2>&1 || die "$file is not a JSON object; add \"userns-remap\": \"default\" to it by hand"
  local merged; merged=$(mktemp)
  jq '. + {"userns-remap": "default"}' "$file" >"$merged" && cat "$merged" >"$file"
  rm -f "$merged"
  say "added userns-remap=default to $file"
  return 0
}

engine_remaps() { docker info --format '{{json .SecurityOptions}}' 2>/dev/null | grep -qE '"name=(userns|rootless)'; }
systemd_runs_docker() { [ -d /run/systemd/system ] && command -v systemctl >/dev/null && systemctl is-enabled --quiet docker.service 2>/dev/null; }
remap_in_config() { [ -s /etc/docker/daemon.json ] && grep -q '"userns-remap"' /etc/docker/daemon.json; }

if docker_answers; then
  if ! engine_remaps; then
    # An engine that answers without remap: the packaged docker.service on a standard Debian/Ubuntu host, started
    # before this script ran. The platform refuses it (docs/security.md), so configure it and restart it.
    configure_remap || true
    if systemd_runs_docker; then
      say "the engine runs without userns-remap; restarting docker.service with it"
      systemctl restart docker.service
      for _ in $(seq 1 60); do docker_answers && break; sleep 1; done
    fi
    engine_remaps || say "the engine at ${DOCKER_HOST:-the default socket} still runs without userns-remap: labs stay unavailable until it is restarted with it (or Docker__AllowWithoutUsernsRemap=true for an engine isolated another way)"
  fi
  say "Docker engine $(docker version --format '{{.Server.Version}}') answers"
  host_firewall
  persist_host_firewall
  exit 0
fi
[ -n "${DOCKER_HOST:-}" ] && die "DOCKER_HOST=$DOCKER_HOST is set but no engine answers there"

configure_remap || true
apt_ensure docker.io iptables uidmap
command -v dockerd >/dev/null || die "docker.io is installed but dockerd is not on PATH"

start_dockerd() {
  if systemd_runs_docker; then
    say "starting docker.service"
    systemctl start docker.service
    return 0
  fi
  # The remap comes from daemon.json when it names one (dockerd refuses the flag and the file key together).
  if remap_in_config; then
    say "starting dockerd (userns-remap from /etc/docker/daemon.json), log in /var/log/netacademy-dockerd.log"
    nohup dockerd >/var/log/netacademy-dockerd.log 2>&1 &
    return 0
  fi
  say "starting dockerd (userns-remap=default), log in /var/log/netacademy-dockerd.log"
  nohup dockerd --userns-remap=default >/var/log/netacademy-dockerd.log 2>&1 &
}

# Waits up to 60 s for the engine; returns 1 at once when dockerd has died instead.
wait_for_engine() {
  for _ in $(seq 1 60); do
    docker_answers && return 0
    pgrep -x dockerd >/dev/null || { sleep 1; docker_answers && return 0; return 1; }
    sleep 1
  done
  return 1
}

if pgrep -x dockerd >/dev/null; then
  say "dockerd is running but not answering yet; waiting"
else
  start_dockerd
fi
if wait_for_engine; then
  say "Docker engine $(docker version --format '{{.Server.Version}}') is up"
  host_firewall
  persist_host_firewall
  exit 0
fi

# dockerd 20.10 panics at start-up in libnetwork's reservePools when its network store holds a network
# whose address pools were never recorded (the daemon was killed while creating it). Lab networks are
# disposable, so move the store aside and start again; the engine recreates its default networks.
if ! pgrep -x dockerd >/dev/null && grep -q 'libnetwork.(\*controller).reservePools' /var/log/netacademy-dockerd.log 2>/dev/null; then
  for store in /var/lib/docker/network/files/local-kv.db /var/lib/docker/*.*/network/files/local-kv.db; do
    [ -f "$store" ] || continue
    say "dockerd cannot load its network store ($store); moving it aside"
    mv "$store" "$store.broken-$(date +%Y%m%d%H%M%S)"
  done
  start_dockerd
  if wait_for_engine; then
    say "Docker engine $(docker version --format '{{.Server.Version}}') is up (network store rebuilt)"
    host_firewall
    exit 0
  fi
fi
tail -n 20 /var/log/netacademy-dockerd.log >&2 || true
die "dockerd did not answer within 60 s (log above)"
