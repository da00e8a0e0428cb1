#!/usr/bin/env bash
# Everything the platform needs on a Debian/Ubuntu machine, idempotent: the .NET SDK check, a Docker
# engine, the lab images, the front-end libraries and a release build. Safe to run again; a second run
# reuses the cached images and libraries.
#
# Usage: deploy/setup.sh [--with-test-tools]   (adds Chromium, tshark, nginx, openssl and QEMU with Debian's kernel for the
# test suite; test.sh adds PostgreSQL)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

with_tests=0
[ "${1:-}" = "--with-test-tools" ] && with_tests=1

ensure_dotnet() {
  if command -v dotnet >/dev/null && dotnet --list-sdks | grep -q '^10\.'; then
    return 0
  fi
  # Not in Debian's archive: Microsoft's install script puts the SDK under /usr/share/dotnet.
  say "installing the .NET 10 SDK (Microsoft's dotnet-install.sh)"
  apt_ensure curl ca-certificates libicu72
  local script; script=$(mktemp)
  curl -fsSL https://dot.net/v1/dotnet-install.sh -o "$script" \
    || die "the .NET 10 SDK is missing and could not be downloaded; install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run again"
  bash "$script" --channel 10.0 --install-dir /usr/share/dotnet >/dev/null
  ln -sf /usr/share/dotnet/dotnet /usr/local/bin/dotnet
  rm -f "$script"
  dotnet --list-sdks | grep -q '^10\.' || die "the .NET 10 SDK did not install"
}
ensure_dotnet

apt_ensure ca-certificates git debootstrap iproute2 iptables
command -v node >/dev/null || apt_ensure nodejs npm
if [ "$with_tests" = 1 ]; then
  # Chromium for Playwright (its own browser download cannot be reached), tshark as the decoder's oracle.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
  apt_ensure chromium tshark tcpdump openssl
  # python3 runs the lab tools that the unit tests exercise on the host (labs/maglev/files/maglev-table.py).
  apt_ensure python3
  # `lab test --vm` (deploy/vm/vm.sh): QEMU booting Debian's own kernel, which has the modules (ipip, ip_vs, drbd...)
  # a host kernel may lack, from an initramfs built with busybox. vm.sh fetches the kernel package (trixie's
  # linux-image-amd64) into its cache rather than installing it: the host's own boot stays as it is.
  apt_ensure qemu-system-x86 busybox-static xz-utils
  # nginx and a self-signed certificate for the end-to-end tests behind a TLS proxy (tests/NetAcademy.E2E/Proxy),
  # which start their own nginx on free ports. Installing the package must not start Debian's nginx on port 80.
  if ! dpkg-query -W -f='${Status}' nginx 2>/dev/null | grep -q "install ok installed"; then
    if is_root && [ ! -e /usr/sbin/policy-rc.d ]; then
      # policy-rc.d answering 101 keeps invoke-rc.d and deb-systemd-invoke from starting the service; removed after.
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
      apt_ensure nginx
      rm -f /usr/sbin/policy-rc.d
      trap - EXIT
    else
      apt_ensure nginx
    fi
    # Installed for the tests only: not started at boot either (a site of your own is enabled by hand, see README).
    if [ -d /run/systemd/system ]; then systemctl disable --now --quiet nginx 2>/dev/null || true; fi
  fi
fi

bash "$NETACADEMY_ROOT/deploy/ensure-docker.sh"
bash "$NETACADEMY_ROOT/deploy/build-images.sh"
bash "$NETACADEMY_ROOT/deploy/build-frontend.sh"
if [ "$with_tests" = 1 ]; then
  bash "$NETACADEMY_ROOT/deploy/vm/vm.sh" build >/dev/null
fi

say "building the solution"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$NETACADEMY_ROOT/NetAcademy.sln" -c Release -nologo -clp:ErrorsOnly -v:q
say "setup done"
