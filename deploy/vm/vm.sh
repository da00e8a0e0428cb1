#!/usr/bin/env bash
# The throwaway VM of `netacademy lab test --vm`: QEMU booting Debian's own kernel (linux-image-amd64 of trixie, which
# has the modules this host's kernel may lack: ipip, ip_vs, drbd, 8021q, openvswitch...) with the host's root file
# system shared read-only over virtio 9p and a tmpfs overlay on top, so the guest runs this very checkout, its
# build and the host's dotnet, docker and iptables, and keeps every write in its own memory.
#
#   bash deploy/vm/vm.sh build         fetch the suite's current kernel and build the initramfs when either changed;
#                                      prints the initramfs' path
#   bash deploy/vm/vm.sh run WORK [--image REF]... -- LAB...
#                                      boot the VM for these labs and wait for it; WORK is shared writable (9p tag "results") and gets the
#                                      guest's console log, results and timings; prints "vm: ..." lines
#   bash deploy/vm/vm.sh script WORK [--image REF]... -- SCRIPT
#                                      boot the VM and run SCRIPT (a path in this checkout) in it once the engine is up,
#                                      with a folder shared with WORK as its argument: how fixtures that need the
#                                      guest's kernel are recorded (802.1Q, bridge VLAN filtering); exit code SCRIPT's
#   bash deploy/vm/vm.sh describe      the kernel and accelerator a run would use, one line
#
# Cached under /var/cache/netacademy/vm (NETACADEMY_VM_CACHE): kernel-VERSION (see vm_fetch_kernel),
# initramfs-<hash>.img, built from busybox-static, the kernel's 9p/virtio/overlay modules and
# deploy/vm/initramfs-init; docker-<hash>.img, the guest engine's disk (see vm_prepare_disk); kvm-<hash> remembers whether this host's
# /dev/kvm boots the guest (on a PVM host it does not: the stock kernel hangs), so the probe runs once.
#
# NETACADEMY_VM_MEMORY (MiB, default 3072), NETACADEMY_VM_CPUS (default: the host's, at most 2),
# NETACADEMY_VM_TIMEOUT (seconds for the whole run, default 1800), NETACADEMY_VM_ACCEL (kvm|tcg: skip the probe).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# engine_mirror: the Debian mirror the host's apt uses.
source "$(dirname "${BASH_SOURCE[0]}")/../engines.sh"

vm_cache="${NETACADEMY_VM_CACHE:-/var/cache/netacademy/vm}"
vm_dir="$NETACADEMY_ROOT/deploy/vm"
# The modules the initramfs loads before it can mount the host's root; their dependencies come with them.
vm_boot_modules=(virtio_pci 9pnet_virtio 9p overlay)

# The guest's kernel: Debian's linux-image-amd64 of NETACADEMY_VM_KERNEL_SUITE (default trixie, Linux 6.12, the
# current stable release's; sid's 7.2 also boots), fetched with apt-get download through a private apt state (the host's sources and packages stay as they are) and unpacked into
# the cache: kernel-VERSION/boot/vmlinuz-VERSION and kernel-VERSION/usr/lib/modules/VERSION (with depmod's indexes).
vm_kernel_suite="${NETACADEMY_VM_KERNEL_SUITE:-trixie}"
vm_kernel_dir() { echo "$vm_cache/kernel-$1"; }

vm_apt() {
  local apt="$vm_cache/apt-$vm_kernel_suite"
  apt-get -q -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
    -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt" -o Dir::Cache::Archives="$apt/archives" \
    -o APT::Sandbox::User=root "$@"
}

vm_apt_cache() {
  local apt="$vm_cache/apt-$vm_kernel_suite"
  apt-cache -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
    -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt" "$@"
}

# Fetches the suite's current kernel when it is not cached yet; prints its version.
vm_fetch_kernel() {
  local apt="$vm_cache/apt-$vm_kernel_suite" package version dir tmp
  mkdir -p "$apt/lists/partial" "$apt/archives/partial"
  echo "deb $(engine_mirror) $vm_kernel_suite main" >"$apt/sources.list"
  vm_apt update -qq >/dev/null || die "apt-get update for $vm_kernel_suite failed"
  package=$(vm_apt_cache depends linux-image-amd64 | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ {print $2; exit}')
  [ -n "$package" ] || die "no linux-image-amd64 in $vm_kernel_suite"
  version=${package#linux-image-}
  dir=$(vm_kernel_dir "$version")
  if [ ! -f "$dir/.complete" ]; then
    say "fetching the VM's kernel $package ($vm_kernel_suite)"
    tmp=$(mktemp -d)
    # Newer suites split the image: the kernel and its modules come in packages of the same version it depends on.
    local parts
    parts=$(vm_apt_cache depends "$package" | awk -v v="-$version" '$1 ~ /Depends:$/ && substr($2, length($2) - length(v) + 1) == v {print $2}' | sort -u)
    # shellcheck disable=SC2086
    (cd "$tmp" && vm_apt download "$package" $parts >/dev/null) || { rm -rf "$tmp"; die "apt-get download $package $parts failed"; }
    rm -rf "$dir" && mkdir -p "$dir"
    local deb
    for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$dir"; done
    rm -rf "$tmp"
    # Newer packages keep the image beside the modules.
    if [ ! -f "$dir/boot/vmlinuz-$version" ] && [ -f "$dir/usr/lib/modules/$version/vmlinuz" ]; then
      mkdir -p "$dir/boot" && ln "$dir/usr/lib/modules/$version/vmlinuz" "$dir/boot/vmlinuz-$version"
    fi
    [ -f "$dir/boot/vmlinuz-$version" ] && [ -d "$dir/usr/lib/modules/$version" ] || die "$package holds no kernel and modules"
    depmod -b "$dir/usr" "$version" || die "depmod failed for $version"
    touch "$dir/.complete"
    find "$vm_cache" -maxdepth 1 -name 'kernel-*' ! -name "kernel-$version" -exec rm -rf {} +
  fi
  echo "$version"
}

# The cached kernel's version, fetched first when none is cached.
vm_kernel() {
  local dir
  for dir in "$vm_cache"/kernel-*/; do
    [ -f "$dir.complete" ] || continue
    dir=${dir%/}
    echo "${dir##*/kernel-}"
    return 0
  done
  vm_fetch_kernel
}

vm_recipe_hash() {
  local kernel=$1
  {
    echo "kernel $kernel"
    dpkg-query -W -f='busybox ${Version}\n' busybox-static 2>/dev/null || echo "busybox ?"
    echo "modules ${vm_boot_modules[*]}"
    cat "$vm_dir/initramfs-init"
    declare -f vm_build_initramfs
  } | sha256sum | cut -c1-16
}

# Builds (or finds) the initramfs for KERNEL; prints its path. A build goes to a temp file first.
vm_build_initramfs() {
  local kernel=$1 hash out tmp m
  hash=$(vm_recipe_hash "$kernel")
  out="$vm_cache/initramfs-$hash.img"
  if [ -s "$out" ]; then echo "$out"; return 0; fi
  # busybox-static's binary: the initramfs has no libc.
  [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || die "no static /bin/busybox (apt-get install busybox-static)"
  mkdir -p "$vm_cache"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  mkdir -p "$tmp/root/bin" "$tmp/root/proc" "$tmp/root/sys" "$tmp/root/dev"
  cp /bin/busybox "$tmp/root/bin/busybox"
  install -m 0755 "$vm_dir/initramfs-init" "$tmp/root/init"
  : >"$tmp/root/modules.order"
  # busybox's insmod takes plain modules: compressed ones (Debian compresses them with xz) are unpacked here.
  local file target
  while read -r file; do
    target="/modules/$(basename "${file%.xz}")"
    grep -qxF "$target" "$tmp/root/modules.order" && continue
    mkdir -p "$tmp/root/modules"
    case "$file" in
      *.xz) xz -dc "$file" >"$tmp/root$target" ;;
      *) cp "$file" "$tmp/root$target" ;;
    esac
    echo "$target" >>"$tmp/root/modules.order"
  done < <(for m in "${vm_boot_modules[@]}"; do
      modprobe -d "$(vm_kernel_dir "$kernel")/usr" -S "$kernel" --show-depends "$m" | awk '$1 == "insmod" {print $2}'
    done)
  (cd "$tmp/root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$tmp/initramfs.img"
  mv "$tmp/initramfs.img" "$out.tmp" && mv "$out.tmp" "$out"
  # Earlier recipes' images.
  find "$vm_cache" -maxdepth 1 -name 'initramfs-*.img' ! -name "initramfs-$hash.img" -delete
  say "built the VM's initramfs for $kernel: $out"
  echo "$out"
}

# The accelerator for this host: kvm when /dev/kvm boots the guest, tcg otherwise. A KVM boot that fails once is
# remembered per host kernel, QEMU and guest kernel (kvm-<hash> in the cache), so the probe costs one timeout.
vm_kvm_key() {
  { uname -r; qemu-system-x86_64 --version | head -n 1; echo "$1"; } | sha256sum | cut -c1-16
}
vm_accel() {
  local kernel=$1 remembered
  case "${NETACADEMY_VM_ACCEL:-}" in kvm|tcg) echo "$NETACADEMY_VM_ACCEL"; return ;; esac
  [ -r /dev/kvm ] && [ -w /dev/kvm ] || { echo tcg; return; }
  remembered="$vm_cache/kvm-$(vm_kvm_key "$kernel")"
  if [ -f "$remembered" ]; then cat "$remembered"; return; fi
  echo kvm
}
vm_remember_accel() {
  mkdir -p "$vm_cache"
  echo "$2" >"$vm_cache/kvm-$(vm_kvm_key "$1")"
}

vm_memory="${NETACADEMY_VM_MEMORY:-3072}"
vm_cpus="${NETACADEMY_VM_CPUS:-$(( $(nproc) < 2 ? $(nproc) : 2 ))}"
vm_timeout="${NETACADEMY_VM_TIMEOUT:-1800}"
# Seconds a KVM guest gets to print its first line before the run falls back to TCG (a TCG boot takes ~5 s).
vm_kvm_boot_seconds=30

# Boots the VM once with ACCEL for the job in WORK (WORK/job.env), the engine's disk DISK attached (MODE "rw", or
# "snapshot": the guest's writes go to a temp file QEMU deletes), copying its console to stdout. Returns QEMU's
# exit code; 90 when ACCEL is kvm and the guest did not come up in time (QEMU is stopped then).
vm_boot() {
  local kernel=$1 initramfs=$2 work=$3 accel=$4 disk=$5 disk_mode=$6 cpu qemu_pid rc=0 line booted=0 drive
  cpu=max
  [ "$accel" = kvm ] && cpu=host
  drive="file=$disk,format=raw,if=virtio,cache=unsafe"
  [ "$disk_mode" = snapshot ] && drive+=",snapshot=on"
  local fifo="$work/.console"
  rm -f "$fifo" "$work/timings" && mkfifo "$fifo"
  # setpriv --pdeathsig, twice: timeout dies with this script and QEMU with timeout, whatever ends them (the
  # signal is not inherited across fork); timeout bounds a guest that hangs. TMPDIR: QEMU's snapshot file.
  TMPDIR="$work" nice -n "${NETACADEMY_VM_NICE:-0}" setpriv --pdeathsig KILL -- \
    timeout --kill-after=10 "$vm_timeout" setpriv --pdeathsig KILL -- qemu-system-x86_64 \
      -machine "q35,accel=$accel" -cpu "$cpu" -smp "$vm_cpus" -m "$vm_memory" \
      -nodefaults -display none -vga none -monitor none -serial stdio -no-reboot -nic none \
      -kernel "$(vm_kernel_dir "$kernel")/boot/vmlinuz-$kernel" -initrd "$initramfs" \
      -append "console=ttyS0 quiet loglevel=3 panic=-1 netacademy.guest=$vm_dir/guest.sh" \
      -virtfs "local,path=/,mount_tag=hostroot,readonly=on,security_model=none,multidevs=remap" \
      -virtfs "local,path=$work,mount_tag=results,security_model=none" \
      -drive "$drive" \
      </dev/null >"$fifo" 2>&1 &
  qemu_pid=$!
  vm_qemu_pid=$qemu_pid
  exec 3<"$fifo"
  while :; do
    if [ "$accel" = kvm ] && [ "$booted" = 0 ]; then
      if ! IFS= read -r -t "$vm_kvm_boot_seconds" line <&3; then
        # Timed out, or QEMU ended without a word: a KVM that cannot boot this kernel.
        kill -TERM "$qemu_pid" 2>/dev/null; wait "$qemu_pid" 2>/dev/null
        exec 3<&-
        vm_qemu_pid=""
        return 90
      fi
    else
      IFS= read -r line <&3 || break
    fi
    line=${line%$'\r'}
    [[ "$line" == netacademy-vm:\ booted* ]] && booted=1
    printf '%s\n' "$line"
  done
  exec 3<&-
  wait "$qemu_pid" || rc=$?
  vm_qemu_pid=""
  [ "$accel" = kvm ] && [ "$booted" = 0 ] && return 90
  return "$rc"
}

# vm_boot with the accelerator vm_accel picks, falling back to TCG (and remembering that) when KVM does not boot.
# Arguments as vm_boot's without ACCEL; sets vm_used_accel.
vm_boot_any() {
  local kernel=$1 initramfs=$2 work=$3 disk=$4 disk_mode=$5 rc=0
  vm_used_accel=$(vm_accel "$kernel")
  vm_boot "$kernel" "$initramfs" "$work" "$vm_used_accel" "$disk" "$disk_mode" || rc=$?
  if [ "$vm_used_accel" = kvm ] && [ "$rc" = 90 ]; then
    echo "netacademy-vm: KVM could not boot $kernel (QEMU ended, or the guest said nothing for $vm_kvm_boot_seconds s); using TCG (remembered in $vm_cache)"
    vm_remember_accel "$kernel" tcg
    vm_used_accel=tcg
    rc=0
    vm_boot "$kernel" "$initramfs" "$work" tcg "$disk" "$disk_mode" || rc=$?
  elif [ "$vm_used_accel" = kvm ]; then
    vm_remember_accel "$kernel" kvm
  fi
  return "$rc"
}

# The key of the guest engine's disk: the images (names and ids), the engine's version and remap range, and the
# version of the way it is made (vm_prepare_disk and guest.sh's prepare mode: bump it when they change).
vm_disk_recipe=1
vm_disk_key() {
  local ref
  {
    for ref in "$@"; do echo "$ref $(docker image inspect -f '{{.Id}}' "$ref")"; done | sort
    dockerd --version
    grep '^dockremap:' /etc/subuid 2>/dev/null || true
    echo "recipe $vm_disk_recipe"
  } | sha256sum | cut -c1-16
}

# The guest engine's data root, with IMAGES loaded, cached by recipe: docker-<key>.img in the cache, a sparse
# ext4 file. Made by a boot of its own (the guest loads the images saved into WORK and stops its engine cleanly);
# runs attach it as a snapshot, so it never changes after. Sets vm_disk.
vm_prepare_disk() {
  local kernel=$1 initramfs=$2 work=$3; shift 3
  local key t rc=0
  # docker-<names>-<key>.img: a new recipe replaces the disk of the same image names and leaves other sets alone.
  local names
  names=$(printf '%s\n' "$@" | sort | sha256sum | cut -c1-8)
  key=$(vm_disk_key "$@") || die "cannot inspect the images $*"
  vm_disk="$vm_cache/docker-$names-$key.img"
  [ -s "$vm_disk" ] && return 0
  mkdir -p "$vm_cache"
  t=$SECONDS
  docker save "$@" -o "$work/images.tar" || die "docker save $* failed"
  echo "save_seconds=$((SECONDS - t))" >>"$work/vm.env"
  # Made in WORK (removed with it, whatever ends the run) and moved into the cache once complete.
  local disk="$work/engine-disk.img"
  truncate -s 16G "$disk"
  mkfs.ext4 -q -F -L netacademy-vm "$disk" || die "mkfs.ext4 failed"
  printf 'NETACADEMY_VM_MODE=prepare\nNETACADEMY_VM_MODULES=%q\n' "$(vm_kernel_dir "$kernel")/usr/lib/modules/$kernel" >"$work/job.env"
  rm -f "$work/prepared"
  echo "netacademy-vm: loading $* into the guest engine's disk (cached in $vm_cache for later runs)"
  t=$SECONDS
  vm_boot_any "$kernel" "$initramfs" "$work" "$disk" rw || rc=$?
  rm -f "$work/images.tar"
  if [ "$rc" != 0 ] || [ ! -f "$work/prepared" ]; then
    rm -f "$disk"
    echo "netacademy-vm: the guest engine's disk could not be prepared (QEMU exit $rc)"
    return 1
  fi
  echo "prepare_seconds=$((SECONDS - t))" >>"$work/vm.env"
  mv "$disk" "$vm_disk.tmp" && mv "$vm_disk.tmp" "$vm_disk"
  find "$vm_cache" -maxdepth 1 -name "docker-$names-*.img*" ! -name "docker-$names-$key.img" -delete
}

# Runs the job in WORK: the lab ids after "--", the images (--image REF, repeatable) for the guest's engine.
# Prints the VM's console; writes WORK/vm.env (kernel, accelerator, timings). Exit code: the guest's `lab test`
# exit code, or 3 when the VM did not produce one.
vm_run() {
  local work=$1; shift
  local images=() labs=() kernel initramfs t rc=0 mode=${vm_mode:-run}
  while [ $# -gt 0 ]; do
    case "$1" in
      --image) images+=("$2"); shift 2 ;;
      --) shift; labs=("$@"); break ;;
      *) die "vm.sh run: unexpected argument $1" ;;
    esac
  done
  [ -d "$work" ] || die "vm.sh run: no folder $work"
  [ ${#labs[@]} -gt 0 ] || die "vm.sh $mode: no labs (or script)"
  [ ${#images[@]} -gt 0 ] || die "vm.sh run: no images"
  command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing (apt-get install qemu-system-x86)"
  kernel=$(vm_kernel)
  initramfs=$(vm_build_initramfs "$kernel")
  : >"$work/vm.env"

  # Whatever ends this script (the CLI's Ctrl-C, its kill, a signal), QEMU goes with it (its pdeathsig too).
  vm_qemu_pid="" vm_watchdog_pid=""
  trap '[ -z "$vm_qemu_pid" ] || kill -KILL "$vm_qemu_pid" 2>/dev/null; [ -z "$vm_watchdog_pid" ] || kill "$vm_watchdog_pid" 2>/dev/null' EXIT
  # The CLI that started this script may be killed outright: then end too.
  local parent=$PPID self=$$
  ( while kill -0 "$parent" 2>/dev/null && kill -0 "$self" 2>/dev/null; do sleep 1; done; kill -TERM "$self" 2>/dev/null ) >/dev/null 2>&1 &
  vm_watchdog_pid=$!

  vm_prepare_disk "$kernel" "$initramfs" "$work" "${images[@]}" || return 3
  if [ "$mode" = script ]; then
    [ -f "$NETACADEMY_ROOT/${labs[0]}" ] || die "vm.sh script: no file ${labs[0]} in $NETACADEMY_ROOT"
    printf 'NETACADEMY_VM_MODE=script\nNETACADEMY_VM_MODULES=%q\nNETACADEMY_VM_SCRIPT=%q\n' \
      "$(vm_kernel_dir "$kernel")/usr/lib/modules/$kernel" "${labs[0]}" >"$work/job.env"
  else
    printf 'NETACADEMY_VM_MODE=run\nNETACADEMY_VM_MODULES=%q\nNETACADEMY_VM_LABS=%q\n' \
      "$(vm_kernel_dir "$kernel")/usr/lib/modules/$kernel" "${labs[*]}" >"$work/job.env"
  fi
  t=$SECONDS
  vm_boot_any "$kernel" "$initramfs" "$work" "$vm_disk" snapshot || rc=$?
  {
    echo "kernel=$kernel"
    echo "accel=$vm_used_accel"
    echo "vm_seconds=$((SECONDS - t))"
    echo "qemu_exit=$rc"
  } >>"$work/vm.env"
  [ -f "$work/exit-code" ] || return 3
  return "$(<"$work/exit-code")"
}

# "Debian kernel VERSION, QEMU ACCEL" for the run that would start now.
vm_describe() {
  local kernel; kernel=$(vm_kernel)
  echo "Debian kernel $kernel, QEMU $(vm_accel "$kernel" | tr a-z A-Z)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    build) vm_build_initramfs "$(vm_fetch_kernel)" ;;
    run) [ $# -ge 2 ] || die "usage: $0 run WORK [--image REF]... -- LAB..."; shift; vm_run "$@" ;;
    script) [ $# -ge 2 ] || die "usage: $0 script WORK [--image REF]... -- SCRIPT"; shift; vm_mode=script vm_run "$@" ;;
    describe) vm_describe ;;
    *) die "usage: $0 build | run WORK | script WORK | describe" ;;
  esac
fi
