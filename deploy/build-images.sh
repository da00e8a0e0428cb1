#!/usr/bin/env bash
# Builds the lab images locally (no registry is reachable): debootstrap a Debian minbase root with the
# recipe's packages, copy the recipe's rootfs/ over it, and `docker import` it. The image carries the
# recipe's content hash in the label netacademy.recipe; an image whose label matches is not rebuilt.
#
# Usage: deploy/build-images.sh [IMAGE...]   (default: every folder under deploy/images/)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

images_dir="$NETACADEMY_ROOT/deploy/images"
self="$NETACADEMY_ROOT/deploy/build-images.sh"
mirror="${NETACADEMY_DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}"
mirror="${mirror:-http://deb.debian.org/debian}"
suite=bookworm

recipe_hash() {
  # Hash of every file in the recipe (by path and content) and symbolic link (by path and target), plus this script.
  (cd "$images_dir/$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum
    find . -type l -printf '%p -> %l\n' | LC_ALL=C sort; sha256sum < "$self") \
    | sha256sum | cut -c1-16
}

build_one() {
  local name=$1 recipe="$images_dir/$1" tag="netacademy/$1:latest"
  [ -f "$recipe/packages.txt" ] || die "image recipe $recipe has no packages.txt"
  local hash; hash=$(recipe_hash "$name")
  local have; have=$(docker image inspect -f '{{index .Config.Labels "netacademy.recipe"}}' "$tag" 2>/dev/null || true)
  if [ "$have" = "$hash" ]; then
    say "image $tag is current (recipe $hash)"
    return 0
  fi
  apt_ensure debootstrap
  local include; include=$(grep -v '^\s*#' "$recipe/packages.txt" | grep -v '^\s*$' | paste -sd, -)
  local root; root=$(mktemp -d "/var/tmp/netacademy-image-$name.XXXXXX")
  # Removed on success and on failure (die exits the script, which a RETURN trap would not see).
  building="$root"
  trap 'rm -rf "$building"' EXIT
  say "building $tag (recipe $hash): debootstrap $suite from $mirror, about a minute"
  if ! debootstrap --variant=minbase --include="$include" "$suite" "$root" "$mirror" >"$root.log" 2>&1; then
    tail -n 30 "$root.log" >&2
    mv "$root.log" "/var/tmp/netacademy-image-$name.log"
    die "debootstrap failed for image $name (log: /var/tmp/netacademy-image-$name.log)"
  fi
  rm -f "$root.log"
  [ -d "$recipe/rootfs" ] && cp -a "$recipe/rootfs/." "$root/"
  # preload/NAME.c: a small library that a wrapper in rootfs/ preloads for one program (each file says why), built with
  # the host's compiler into /usr/lib/netacademy/NAME.so. It may use only the oldest C library symbols (socket,
  # syscall, errno), so a host newer than the image's release still builds one the image can load.
  local source
  for source in "$recipe"/preload/*.c; do
    [ -e "$source" ] || continue
    apt_ensure gcc libc6-dev
    mkdir -p "$root/usr/lib/netacademy"
    gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$root/usr/lib/netacademy/$(basename "${source%.c}").so" "$source" \
      || die "could not build $source"
  done
  [ -x "$recipe/post-install.sh" ] && chroot "$root" /bin/sh -c "$(cat "$recipe/post-install.sh")"
  # Smaller image, and no stale apt lists that would tempt anyone to reach a mirror from a lab.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
  # Nodes run with a read-only root; the folders they write are tmpfs that the platform fills from this copy when
  # a node starts (LabNode.WritableFolders in src/NetAcademy.Core/Labs/LabNode.cs: keep the two lists the same).
  mkdir -p "$root/usr/lib/netacademy"
  local writable=() folder
  for folder in etc home media mnt opt root run srv tmp usr/local var; do
    [ -e "$root/$folder" ] && writable+=("./$folder")
  done
  tar -C "$root" --numeric-owner -cf "$root/usr/lib/netacademy/writable.tar" "${writable[@]}"
  tar -C "$root" -c . | docker import \
    --change "LABEL netacademy.recipe=$hash" \
    --change "LABEL netacademy.image=$name" \
    --change "LABEL netacademy.writable=/usr/lib/netacademy/writable.tar" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV TERM=xterm-256color' \
    --change 'CMD ["/bin/sleep","infinity"]' \
    - "$tag" >/dev/null
  rm -rf "$root"
  building=""
  say "built $tag"
}

bash "$NETACADEMY_ROOT/deploy/ensure-docker.sh"
if [ $# -eq 0 ]; then
  set -- $(cd "$images_dir" && for d in */; do echo "${d%/}"; done)
fi
for image in "$@"; do build_one "$image"; done
