#!/usr/bin/env bash
# Installs (or upgrades) NetAcademy as a service on a Debian/Ubuntu host where systemd runs: the web server as the
# system user `netacademy` (unit netacademy.service, hardened), its data in /var/lib/netacademy, its settings in
# /etc/netacademy/appsettings.json and /etc/netacademy/environment, the program in /opt/netacademy, the CLI as
# /usr/local/bin/netacademy, and the lab-bridge host rules at every boot (netacademy-host-firewall.service). The
# engine is configured through /etc/docker/daemon.json (userns-remap) by deploy/ensure-docker.sh.
#
# Usage: deploy/install.sh                      install or upgrade (root; systemd must be running)
#        deploy/install.sh --render-units DIR   write the unit files as they would be installed into DIR and stop
#                                               (no root, no systemd: deploy/test.sh verifies them)
#
# NETACADEMY_PREFIX: where the program goes (default /opt/netacademy).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

prefix="${NETACADEMY_PREFIX:-/opt/netacademy}"
units=(netacademy.service netacademy-host-firewall.service)

# The unit templates name the installed tree and the dotnet host; nothing else differs between hosts.
render_units() {
  local dir=$1 dotnet
  dotnet=$(readlink -f "$(command -v dotnet 2>/dev/null || echo /usr/bin/dotnet)")
  mkdir -p "$dir"
  for unit in "${units[@]}"; do
    sed -e "s|@NETACADEMY_ROOT@|$prefix|g" -e "s|@DOTNET@|$dotnet|g" "$NETACADEMY_ROOT/deploy/systemd/$unit" >"$dir/$unit"
  done
}

if [ "${1:-}" = --render-units ]; then
  [ -n "${2:-}" ] || die "--render-units needs a folder"
  render_units "$2"
  exit 0
fi

is_root || die "the service install needs root"
if [ ! -d /run/systemd/system ]; then
  say "systemd is not running on this machine (PID 1 is $(ps -p 1 -o comm= 2>/dev/null || echo unknown)): the service install needs it."
  say "Run the platform with the README's command instead: bash deploy/run.sh"
  exit 2
fi

bash "$NETACADEMY_ROOT/deploy/setup.sh"
apt_ensure adduser curl

say "installing the program in $prefix"
mkdir -p "$prefix"
dotnet publish "$NETACADEMY_ROOT/src/NetAcademy.Web" -c Release -o "$prefix/web.new" --nologo -v quiet >/dev/null
dotnet publish "$NETACADEMY_ROOT/src/NetAcademy.Cli" -c Release -o "$prefix/cli.new" --nologo -v quiet >/dev/null
systemctl stop netacademy.service 2>/dev/null || true
for part in web cli; do
  rm -rf "${prefix:?}/$part"
  mv "$prefix/$part.new" "$prefix/$part"
done
# Courses, labs and image recipes are read from the installed tree (NetAcademy:Root); deploy/ also holds the scripts
# the host-firewall unit runs.
for part in content labs deploy README.md; do
  rm -rf "${prefix:?}/$part"
  cp -a "$NETACADEMY_ROOT/$part" "$prefix/$part"
done

if ! id netacademy >/dev/null 2>&1; then
  say "creating the system user netacademy"
  adduser --system --group --home /var/lib/netacademy --no-create-home netacademy >/dev/null
fi
usermod -aG docker netacademy

install -d -m 0750 -o netacademy -g netacademy /var/lib/netacademy
install -d -m 0750 -o root -g netacademy /etc/netacademy
if [ ! -f /etc/netacademy/appsettings.json ]; then
  # Behind a TLS proxy on this host (deploy/nginx, README "Running it for a class").
  printf '{\n  "Urls": "http://127.0.0.1:5000"\n}\n' >/etc/netacademy/appsettings.json
  chown root:netacademy /etc/netacademy/appsettings.json
  chmod 0640 /etc/netacademy/appsettings.json
fi
if [ ! -f /etc/netacademy/environment ]; then
  printf '# NAME=value lines for netacademy.service, e.g. Labs__MaxSessions=40\n' >/etc/netacademy/environment
  chown root:netacademy /etc/netacademy/environment
  chmod 0640 /etc/netacademy/environment
fi

cat >/usr/local/bin/netacademy <<EOF
#!/bin/sh
# The NetAcademy command line against the installed tree and data (deploy/install.sh).
export NetAcademy__Root="$prefix" NetAcademy__DataDirectory=/var/lib/netacademy NETACADEMY_SETTINGS=/etc/netacademy/appsettings.json
exec "$(readlink -f "$(command -v dotnet)")" "$prefix/cli/netacademy.dll" "\$@"
EOF
chmod 0755 /usr/local/bin/netacademy

say "installing the systemd units"
render_units /etc/systemd/system
systemd-analyze verify "${units[@]/#//etc/systemd/system/}"
systemctl daemon-reload
systemctl enable --now netacademy-host-firewall.service
systemctl enable netacademy.service
systemctl restart netacademy.service

say "waiting for the server"
for _ in $(seq 1 90); do
  if curl -fsS http://127.0.0.1:5000/healthz >/dev/null 2>&1; then
    say "NetAcademy runs as netacademy.service on http://127.0.0.1:5000 (logs: journalctl -u netacademy)"
    say "on first start it prints a one-time link to create the admin account: journalctl -u netacademy | grep -i setup"
    exit 0
  fi
  systemctl is-failed --quiet netacademy.service && break
  sleep 2
done
journalctl -u netacademy.service -n 40 --no-pager >&2 || true
die "netacademy.service did not answer on http://127.0.0.1:5000/healthz"
