#!/bin/bash
# Runs as PID 1 of the lab-test VM (deploy/vm/vm.sh boots it; its initramfs hands over to this file): mounts
# what a Debian system has, loads the kernel modules lab nodes may need (a container cannot load them), starts a
# Docker engine exactly as deploy/ensure-docker.sh does on a host (userns-remap, the host-firewall rules for lab
# bridges) on the engine's disk (/dev/vda), and powers off. The job (results folder, job.env) says what to do:
#   NETACADEMY_VM_MODE=prepare   load images.tar into the engine and stop it cleanly: the disk is then cached
#   NETACADEMY_VM_MODE=run       run `netacademy lab test` for NETACADEMY_VM_LABS with this checkout's build (the
#                                disk is a snapshot: nothing the labs do outlives the VM)
#   NETACADEMY_VM_MODE=script    run NETACADEMY_VM_SCRIPT (a script of this checkout) with the results folder as its
#                                argument: fixtures that need the guest's kernel are recorded this way (vm.sh script)
# Everything else it writes stays in the guest's memory. The results folder (9p tag "results", on
# /run/netacademy-vm) gets timings, console.log, labs.xml, exit-code (run) or prepared (prepare).
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results=/run/netacademy-vm

power_off() {
  sync
  echo o >/proc/sysrq-trigger
  # Wait for the power to go with builtins only: programs come from the host's share, which goes first, and PID 1
  # exiting would panic the kernel.
  while :; do read -r -t 1 _ </dev/console || :; done
}
trap power_off EXIT

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t cgroup2 cgroup2 /sys/fs/cgroup
# Hide the host's own state that the shared root would show: its sockets and pid files (/run) and its temp files.
# A checkout under /tmp (a CI clone, /tmp/fresh) stays in view: it is bound aside first and moved back onto the new /tmp.
keep=""
case "$root/" in
  /tmp/*|/run/*)
    keep=/mnt/netacademy-checkout
    mkdir -p "$keep" && mount --bind "$root" "$keep" || { echo "netacademy-vm: cannot keep the checkout $root in view"; exit 1; } ;;
esac
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
if [ -n "$keep" ]; then
  mkdir -p "$root" && mount --move "$keep" "$root" || { echo "netacademy-vm: cannot put the checkout back at $root"; exit 1; }
fi
mkdir -p "$results"
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results "$results"; then
  echo "netacademy-vm: cannot mount the results folder"
  exit 1
fi
hostname netacademy-vm
ip link set lo up

uptime_s() { cut -d' ' -f1 /proc/uptime; }
mark() { echo "$1 $(uptime_s)" >>"$results/timings"; }
mark booted
echo "netacademy-vm: booted Debian kernel $(uname -r) in $(uptime_s) s"

# shellcheck source=/dev/null
source "$results/job.env"
mode=${NETACADEMY_VM_MODE:-run}

# The kernel's modules come from the cache the host unpacked them into (the host's /lib/modules has its own).
mkdir -p "/usr/lib/modules/$(uname -r)"
mount --bind "$NETACADEMY_VM_MODULES" "/usr/lib/modules/$(uname -r)"

# The engine's data root: the disk vm.sh attaches (overlay2 cannot sit on the overlay that is the guest's root,
# and the host's own /var/lib/docker must not be seen).
modprobe -q virtio_blk; modprobe -q ext4
for _ in $(seq 50); do [ -b /dev/vda ] && break; sleep 0.1; done
if ! mount -t ext4 /dev/vda /var/lib/docker; then
  echo "netacademy-vm: cannot mount the engine's disk /dev/vda"
  exit 1
fi

# Modules the labs' kernel features come from. The kernel loads most of them itself on first use, also for a
# container (rtnl-link-*, ip_vs schedulers), but the kernel probe and some labs look for them first
# (/proc/drbd, /proc/net/ip_vs).
for module in ipip ip_gre geneve vxlan 8021q macvlan tun sch_netem ip_vs ip_vs_rr ip_vs_wrr ip_vs_mh drbd \
  openvswitch nfnetlink_queue ebtables br_netfilter; do
  modprobe -q "$module" || echo "netacademy-vm: no module $module in this kernel"
done

if ! bash "$root/deploy/ensure-docker.sh" >"$results/ensure-docker.log" 2>&1; then
  echo "netacademy-vm: the guest's Docker engine did not start:"
  tail -n 20 "$results/ensure-docker.log"
  tail -n 20 /var/log/netacademy-dockerd.log 2>/dev/null
  exit 1
fi
mark engine
echo "netacademy-vm: $(docker version --format 'Docker {{.Server.Version}}') is up ($(uptime_s) s)"

if [ "$mode" = prepare ]; then
  if ! docker load -q -i "$results/images.tar" >/dev/null; then
    echo "netacademy-vm: loading the lab images failed"
    exit 1
  fi
  mark images
  echo "netacademy-vm: lab images loaded ($(uptime_s) s); stopping the engine"
  pid=$(cat /run/docker.pid 2>/dev/null || pgrep -x dockerd)
  kill -TERM "$pid"
  for _ in $(seq 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "netacademy-vm: dockerd did not stop"
    exit 1
  fi
  sync
  umount /var/lib/docker && echo ok >"$results/prepared"
  exit 0
fi

if [ "$mode" = script ]; then
  bash "$root/$NETACADEMY_VM_SCRIPT" "$results" 2>&1 | tee "$results/console.log"
  echo "${PIPESTATUS[0]}" >"$results/exit-code"
  mark script
  exit 0
fi

# Everything takes several times longer in an emulated guest: starting a process in a node, above all. These only
# lengthen waits (and captures, which only ever see more); what the checks demand stays the same.
export Grading__CaptureTimeFactor=3 Grading__CaptureStartTimeout=00:00:30 Grading__CommandTimeout=00:01:00 \
  Grading__ProbeTimeout=00:01:00 Grading__SolutionStepTimeout=00:05:00 Labs__SetupTimeout=00:05:00 Labs__NodeSetUpTimeout=00:05:00 \
  Docker__RequestTimeout=00:03:00 Labs__Graph__Discovery__ExecTimeout=00:01:00
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NETACADEMY_VM_GUEST=1
# shellcheck disable=SC2086  # lab ids, checked by the CLI that wrote the job
dotnet "$root/src/NetAcademy.Cli/bin/Release/net10.0/netacademy.dll" lab test --root "$root" \
  --junit "$results/labs.xml" $NETACADEMY_VM_LABS 2>&1 | tee "$results/console.log"
echo "${PIPESTATUS[0]}" >"$results/exit-code"
mark labs
