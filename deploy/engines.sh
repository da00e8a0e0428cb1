#!/usr/bin/env bash
# Extra Docker engines beside the default one, for the test suite's engine matrix: Debian's docker.io of
# another suite (trixie: Docker 26.1, sid: Docker 28.5), each in its own debootstrapped root file system,
# run in a private mount namespace whose root is that file system:
#   - the root file system is built once per recipe and cached under
#     /var/cache/netacademy/engines/<suite>-<hash> (hash of the suite, the package list and the recipe's
#     text); a build goes to a temp folder first, so a failed build is never taken for a cache hit;
#   - dockerd runs with --userns-remap=default like the default engine (root in a lab node is not root on
#     the host) and --iptables=false (the default engine owns the host's Docker chains), and listens on
#     <root>/tmp/docker.sock; its log is /var/log/netacademy-dockerd-<suite>.log; its images and
#     containers live inside its root;
#   - it enters its root with pivot_root, not chroot: the kernel refuses to create a user namespace from
#     a chroot (clone(2), EPERM), so with chroot every container fails under --userns-remap ("can't get
#     final child's PID from pipe: EOF");
#   - it shares the host's network namespace, so it must never touch docker0, which belongs to the default
#     engine: dockerd deletes the link named docker0 at start-up with --bridge none, and also whenever
#     --default-address-pool is set and its store holds a default network from an earlier run (moby's
#     removeDefaultBridgeInterface). So no --bridge none, no --default-address-pool: its default network
#     is a bridge of its own, nabe-<suite> (198.18.x.1/24, covered by the host firewall rules for nab*
#     bridges of ensure-docker.sh), created before dockerd starts and deleted after it stops;
#   - every mount it needs exists only in its private mount namespace, so stopping its processes removes
#     them all.
#
# Sourced (after lib.sh or on its own) for the functions engine_up, engine_load_images,
# engine_check_userns, engine_down, engine_socket, engine_version, engines_cleanup and run_engine_matrix;
# or run:
#   bash deploy/engines.sh up SUITE      build (when needed), start, load the lab images, check userns
#   bash deploy/engines.sh up-without-remap SUITE   start it WITHOUT userns-remap (no images): only for the
#                                        test that the platform refuses such an engine
#   bash deploy/engines.sh down SUITE    stop (removes its containers and networks first)
#   bash deploy/engines.sh status        every cached root and running engine
#   bash deploy/engines.sh smoke SUITE   two lab-like containers on an internal network ping each other

declare -F say >/dev/null || source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NETACADEMY_ENGINES_CACHE="${NETACADEMY_ENGINES_CACHE:-/var/cache/netacademy/engines}"
NETACADEMY_ENGINES_STATE="${NETACADEMY_ENGINES_STATE:-/run/netacademy-engines}"
engine_packages=(docker.io ca-certificates)
engine_wait_seconds=90
engine_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The default bridge of SUITE's engine: its name and its address (the host's end, as for docker0).
engine_bridge() { echo "nabe-${1:0:10}"; }
engine_bridge_cidr() {
  case "$1" in
    trixie) echo 198.18.26.1/24 ;;
    sid) echo 198.18.28.1/24 ;;
    *) echo 198.18.99.1/24 ;;
  esac
}

engines_started=()

engine_mirror() {
  local m="${NETACADEMY_DEBIAN_MIRROR:-}"
  [ -n "$m" ] || m=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$m" ] || m=$(awk '$1 == "deb" && $2 !~ /^\[/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${m:-http://deb.debian.org/debian}"
}

engine_check_name() {
  [[ "${1:-}" =~ ^[a-z][a-z0-9-]*$ ]] || die "engine name must be a Debian suite (trixie, sid...), not '${1:-}'"
}

# The recipe: runs as its own `bash -euo pipefail` process (so errors stop it wherever it is called
# from). Its text is part of the cache key; changing anything here rebuilds the root file systems.
engine_recipe() {
  local suite=$1 root=$2 mirror=$3 include=$4
  debootstrap --variant=minbase --include="$include" "$suite" "$root" "$mirror"
  # --userns-remap=default maps container ids to the subordinate ids of the user dockremap. Each suite
  # gets its own range, apart from the default engine's (100000), so two engines never share host ids.
  local first
  case "$suite" in
    trixie) first=1000000 ;;
    sid) first=1100000 ;;
    *) first=1200000 ;;
  esac
  chroot "$root" useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin dockremap
  echo "dockremap:$first:65536" >"$root/etc/subuid"
  echo "dockremap:$first:65536" >"$root/etc/subgid"
  mkdir -p "$root/var/lib/docker-$suite" "$root/run" "$root/tmp"
  # The remapped root of a container must be able to walk down to its layers.
  chmod 0755 "$root"
  chmod 1777 "$root/tmp"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  chroot "$root" dockerd --version
}

engine_recipe_hash() {
  { echo "suite $1"; echo "packages ${engine_packages[*]}"; declare -f engine_recipe; } | sha256sum | cut -c1-16
}

# Root file system of SUITE for the current recipe (built or not).
engine_root() { echo "$NETACADEMY_ENGINES_CACHE/$1-$(engine_recipe_hash "$1")"; }

# Removes a folder tree that may once have been a chroot: unmounts anything still mounted below it (on
# this mount namespace), then deletes without ever crossing into another file system.
engine_remove_tree() {
  local dir=$1 mnt
  [ -n "$dir" ] && [ "$dir" != / ] && [ -e "$dir" ] || return 0
  while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done < <(awk -v d="$dir" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/mounts | sort -r)
  rm -rf --one-file-system "$dir"
}

# Builds SUITE's root file system unless the cache has it; prints its path.
engine_build() {
  local suite=$1 root hash
  engine_check_name "$suite"
  hash=$(engine_recipe_hash "$suite")
  root="$NETACADEMY_ENGINES_CACHE/$suite-$hash"
  if [ -f "$root/.netacademy-engine" ]; then
    echo "$root"
    return 0
  fi
  is_root || die "building the $suite engine needs root"
  mkdir -p "$NETACADEMY_ENGINES_CACHE"
  local lock_fd
  exec {lock_fd}>"$NETACADEMY_ENGINES_CACHE/.lock-$suite"
  flock "$lock_fd"
  if [ -f "$root/.netacademy-engine" ]; then   # built by someone else while we waited
    exec {lock_fd}>&-
    echo "$root"
    return 0
  fi
  apt_ensure debootstrap
  local old
  for old in "$NETACADEMY_ENGINES_CACHE/.build-$suite-"*; do   # interrupted builds
    [ -e "$old" ] && engine_remove_tree "$old"
  done
  local mirror include tmp log start
  mirror=$(engine_mirror)
  include=$(IFS=,; echo "${engine_packages[*]}")
  tmp=$(mktemp -d "$NETACADEMY_ENGINES_CACHE/.build-$suite-$hash.XXXXXX")
  log="/var/log/netacademy-engine-build-$suite.log"
  start=$SECONDS
  say "building the $suite engine's root file system (recipe $hash): debootstrap $suite ${engine_packages[*]} from $mirror, a few minutes; log $log"
  # Its own mount namespace: whatever debootstrap mounts in the target goes away with it, even on failure.
  if ! env PATH="$engine_path" unshare -m --propagation private -- \
      bash -euo pipefail -c "$(declare -f engine_recipe); engine_recipe \"\$@\"" \
      engine_recipe "$suite" "$tmp" "$mirror" "$include" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    engine_remove_tree "$tmp"
    exec {lock_fd}>&-
    die "building the $suite engine's root file system failed (log: $log)"
  fi
  echo "suite=$suite recipe=$hash built=$(date -u +%FT%TZ) seconds=$((SECONDS - start))" >"$tmp/.netacademy-engine"
  mv -T "$tmp" "$root"
  # Roots of older recipes of this suite are of no more use, unless an engine still runs from one.
  for old in "$NETACADEMY_ENGINES_CACHE/$suite-"*; do
    [ "$old" = "$root" ] || [ ! -d "$old" ] && continue
    [ "$(cat "$(engine_state "$suite")/root" 2>/dev/null)" = "$old" ] && engine_running "$suite" >/dev/null && continue
    say "removing the root of an older $suite recipe: $old"
    engine_remove_tree "$old"
  done
  exec {lock_fd}>&-
  say "built the $suite engine's root file system in $((SECONDS - start)) s: $(tail -n 1 "$log")"
  echo "$root"
}

# Pids of the processes in mount namespace NS (as readlink /proc/PID/ns/mnt shows it): the engine's
# dockerd, containerd and shims.
engine_pids_in_ns() {
  local ns=$1 p
  [ -n "$ns" ] || return 0
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/ns/mnt" 2>/dev/null)" = "$ns" ] && echo "${p#/proc/}"
  done
  return 0
}

engine_state() { echo "$NETACADEMY_ENGINES_STATE/$1"; }

# The running dockerd of SUITE: prints "PID ROOT", or fails when none runs.
engine_running() {
  local suite=$1 state pid root
  state=$(engine_state "$suite")
  [ -f "$state/pid" ] && [ -f "$state/root" ] || return 1
  pid=$(<"$state/pid") root=$(<"$state/root")
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  [ -f "$state/mntns" ] && [ "$(readlink "/proc/$pid/ns/mnt" 2>/dev/null)" = "$(<"$state/mntns")" ] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
  echo "$pid $root"
}

# Socket path of SUITE's engine (the running one, else where the current recipe's would listen).
engine_socket() {
  local state root
  state=$(engine_state "$1")
  if [ -f "$state/root" ]; then root=$(<"$state/root"); else root=$(engine_root "$1"); fi
  echo "$root/tmp/docker.sock"
}

engine_docker() { local suite=$1; shift; docker -H "unix://$(engine_socket "$suite")" "$@"; }

engine_version() { timeout 10 docker -H "unix://$(engine_socket "$1")" version --format '{{.Server.Version}}' 2>/dev/null; }

engine_answers() { [ -S "$(engine_socket "$1")" ] && engine_version "$1" >/dev/null; }

# Builds (when needed) and starts SUITE's engine; reuses it when it already runs and answers.
engine_up() {
  local suite=$1
  engine_check_name "$suite"
  is_root || die "starting the $suite engine needs root"
  command -v docker >/dev/null || die "no docker client on PATH (deploy/ensure-docker.sh installs one)"
  local root running state log
  root=$(engine_build "$suite") || die "no root file system for the $suite engine"
  state=$(engine_state "$suite")
  log="/var/log/netacademy-dockerd-$suite.log"
  # NETACADEMY_ENGINE_REMAP=off starts it without userns-remap (see up-without-remap); a running engine in the
  # other mode is restarted.
  local remap=${NETACADEMY_ENGINE_REMAP:-on}
  if running=$(engine_running "$suite"); then
    if [ "${running#* }" != "$root" ]; then
      say "the $suite engine runs from an older recipe's root; restarting it"
      engine_down "$suite"
    elif [ "$(cat "$state/remap" 2>/dev/null || echo on)" != "$remap" ]; then
      say "the $suite engine runs with userns-remap $(cat "$state/remap" 2>/dev/null || echo on), wanted $remap; restarting it"
      engine_down "$suite"
    elif engine_answers "$suite"; then
      say "the $suite engine (Docker $(engine_version "$suite")) is already running: $(engine_socket "$suite")"
      return 0
    fi
  fi
  if ! engine_running "$suite" >/dev/null; then
    # Anything left from an engine that died (shims, containers of its root) goes first.
    mkdir -p "$state"
    echo "$root" >"$state/root"
    engine_down "$suite" || die "processes of an earlier $suite engine are still running from $root"
    mkdir -p "$state"
    echo "$root" >"$state/root"
    rm -f "$root/tmp/docker.sock"
    local br cidr
    br=$(engine_bridge "$suite") cidr=$(engine_bridge_cidr "$suite")
    ip link show "$br" >/dev/null 2>&1 || ip link add "$br" type bridge || die "cannot create the bridge $br"
    ip -4 addr show dev "$br" | grep -q " ${cidr} " || ip addr replace "$cidr" dev "$br" || die "cannot give $br the address $cidr"
    ip link set "$br" up
    echo "$remap" >"$state/remap"
    say "starting the $suite engine (userns-remap $remap), log in $log"
    echo "=== $(date -u +%FT%TZ) starting from $root" >>"$log"
    # A private mount namespace whose root is the engine's root (pivot_root, not chroot: the kernel
    # refuses to create user namespaces, so --userns-remap, from a chroot). sh and env exec into
    # dockerd, so the pid sh writes is dockerd's own; setsid keeps a Ctrl-C of the caller from killing
    # it half-way (engines_cleanup stops it).
    rm -f "$state/pid" "$state/mntns"
    # shellcheck disable=SC2016  # the script's own arguments, expanded by its own shell
    setsid unshare -m --propagation private -- /bin/sh -ec '
      root=$1 suite=$2
      echo $$ >"$5"
      mount --bind "$root" "$root"
      mount --make-private "$root"
      mount --rbind /proc "$root/proc"
      mount --rbind /sys "$root/sys"
      mount --rbind /dev "$root/dev"
      mount -t tmpfs -o mode=0755 tmpfs "$root/run"
      mkdir -p "$root/run/oldroot"
      cd "$root"
      pivot_root . run/oldroot
      cd /
      export PATH="$3"
      umount -l /run/oldroot
      rmdir /run/oldroot
      exec env -i PATH="$3" HOME=/root dockerd -H unix:///tmp/docker.sock --data-root "/var/lib/docker-$suite" \
        --exec-root "/run/docker-$suite" --pidfile "/run/docker-$suite.pid" --bridge "$4" --iptables=false \
        ${6:+--userns-remap=default}
    ' sh "$root" "$suite" "$engine_path" "$br" "$state/pid" "$([ "$remap" = off ] || echo on)" </dev/null >>"$log" 2>&1 &
    local i
    for ((i = 0; i < 50; i++)); do
      [ -s "$state/pid" ] && break
      sleep 0.1
    done
    [ -s "$state/pid" ] || { tail -n 25 "$log" >&2; die "the $suite engine did not start (log above, $log)"; }
  else
    say "the $suite engine is running but does not answer yet; waiting"
  fi
  local i pid ns own docker0=0
  ip link show docker0 >/dev/null 2>&1 && docker0=1
  pid=$(<"$state/pid")
  own=$(readlink /proc/self/ns/mnt)
  for ((i = 0; i < engine_wait_seconds; i++)); do
    if [ ! -f "$state/mntns" ]; then
      # Its mount namespace identifies everything the engine runs (containerd, shims) when stopping it.
      ns=$(readlink "/proc/$pid/ns/mnt" 2>/dev/null || true)
      [ -n "$ns" ] && [ "$ns" != "$own" ] && echo "$ns" >"$state/mntns"
    fi
    engine_answers "$suite" && break
    if [ ! -d "/proc/$pid" ]; then
      tail -n 25 "$log" >&2
      die "the $suite engine's dockerd exited at start-up (log above, $log)"
    fi
    sleep 1
  done
  if ! engine_answers "$suite"; then
    tail -n 25 "$log" >&2
    engine_down "$suite" || true
    die "the $suite engine did not answer within $engine_wait_seconds s (log above, $log)"
  fi
  if [ "$docker0" = 1 ] && ! ip link show docker0 >/dev/null 2>&1; then
    engine_down "$suite" || true
    die "the host's docker0 vanished while the $suite engine started: the default engine's default network is broken until docker0 is back"
  fi
  say "the $suite engine is up: Docker $(engine_version "$suite") on $(engine_socket "$suite")"
}

# Copies every netacademy/* image of the default engine (the docker CLI's own) that SUITE's engine lacks
# or has with another id. netacademy/base:latest must be among them.
engine_load_images() {
  local suite=$1 ref id have want=()
  engine_answers "$suite" || die "the $suite engine does not answer; start it first (engine_up $suite)"
  docker image inspect netacademy/base:latest >/dev/null 2>&1 \
    || die "the default engine has no netacademy/base:latest (deploy/build-images.sh builds it)"
  while read -r ref id; do
    [[ "$ref" == *"<none>"* ]] && continue
    have=$(engine_docker "$suite" image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)
    [ "$have" = "$id" ] || want+=("$ref")
  done < <(docker image ls --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' --filter 'reference=netacademy/*')
  if [ ${#want[@]} -eq 0 ]; then
    say "the $suite engine has the lab images already"
    return 0
  fi
  say "loading ${want[*]} into the $suite engine"
  docker save "${want[@]}" | engine_docker "$suite" load -q >/dev/null \
    || die "loading the lab images into the $suite engine failed"
  for ref in "${want[@]}"; do
    [ "$(engine_docker "$suite" image inspect -f '{{.Id}}' "$ref" 2>/dev/null)" = "$(docker image inspect -f '{{.Id}}' "$ref")" ] \
      || die "$ref has another id on the $suite engine after loading it"
  done
  # Images replaced by these (an earlier recipe's) would pile up in the engine's root.
  engine_docker "$suite" image prune -f >/dev/null 2>&1 || true
}

# Fails unless a container's root on SUITE's engine is some other user on the host.
engine_check_userns() {
  local suite=$1 map fields
  map=$(engine_docker "$suite" run --rm --network none netacademy/base:latest cat /proc/self/uid_map 2>&1) \
    || die "the $suite engine cannot run a container: $map"
  read -r -a fields <<<"$map"
  if [ "${#fields[@]}" -lt 3 ] || [ "${fields[0]}" != 0 ] || [ "${fields[1]}" = 0 ]; then
    die "the $suite engine does not remap users: uid_map of a container is '$map'"
  fi
  say "the $suite engine remaps users: container root is host uid ${fields[1]} (uid_map: ${fields[*]})"
}

# Stops SUITE's engine: removes its containers and networks (lab bridges live in the host's network
# namespace and would outlive dockerd), SIGTERM to dockerd, then kills whatever is left of its processes
# (their private mount namespace, and every mount in it, goes with the last of them). Safe to call when
# nothing runs.
engine_down() {
  local suite=$1 state root pid="" running i
  state=$(engine_state "$suite")
  [ -f "$state/root" ] || return 0
  root=$(<"$state/root")
  if running=$(engine_running "$suite"); then
    pid=${running%% *}
    if engine_answers "$suite"; then
      local ids
      ids=$(engine_docker "$suite" ps -aq 2>/dev/null || true)
      # shellcheck disable=SC2086
      [ -z "$ids" ] || timeout 60 docker -H "unix://$root/tmp/docker.sock" rm -f $ids >/dev/null 2>&1 || true
      timeout 60 docker -H "unix://$root/tmp/docker.sock" network prune -f >/dev/null 2>&1 || true
    fi
    say "stopping the $suite engine (dockerd $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do
      [ -d "/proc/$pid" ] || break
      sleep 0.5
    done
    if [ -d "/proc/$pid" ]; then
      say "the $suite engine's dockerd ignored SIGTERM for 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  # Leftovers: containerd and shims (in the engine's mount namespace) and the containers below them.
  local left all=() p ns=""
  [ -f "$state/mntns" ] && ns=$(<"$state/mntns")
  for i in 1 2 3; do
    left=$(engine_pids_in_ns "$ns")
    [ -z "$left" ] && break
    all=()
    for p in $left; do all+=("$p"); while read -r p; do all+=("$p"); done < <(engine_descendants "$p"); done
    [ "$i" = 1 ] && say "the $suite engine left processes behind (${all[*]}); ending them"
    kill -TERM "${all[@]}" 2>/dev/null || true
    sleep 2
    kill -KILL "${all[@]}" 2>/dev/null || true
    sleep 0.5
  done
  left=$(engine_pids_in_ns "$ns")
  # Nothing of the engine is mounted on this namespace, unless something went wrong elsewhere.
  local mnt
  while read -r mnt; do
    say "unmounting $mnt"
    umount -l "$mnt" 2>/dev/null || true
  done < <(awk -v d="$root" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/mounts | sort -r)
  rm -f "$root/tmp/docker.sock"
  [ -n "$left" ] || ip link del "$(engine_bridge "$suite")" 2>/dev/null || true
  if [ -n "$left" ]; then
    echo "error: processes of the $suite engine would not end: $left" >&2
    return 1
  fi
  rm -rf "$state"
  [ -z "$pid" ] || say "the $suite engine is stopped"
}

# Every descendant of PID.
engine_descendants() {
  ps -eo pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END { for (p in parent) { q = p; while (q in parent && q != root && q > 1) q = parent[q]; if (q == root && p != root) print p } }'
}

# Stops every engine started through run_engine_matrix in this shell; for an EXIT trap.
engines_cleanup() {
  local suite
  for suite in "${engines_started[@]}"; do
    engine_down "$suite" || true
  done
  engines_started=()
}

engine_status() {
  local d suite running
  for d in "$NETACADEMY_ENGINES_CACHE"/*/; do
    [ -f "$d/.netacademy-engine" ] || continue
    d=${d%/}
    suite=$(basename "$d"); suite=${suite%-*}
    local current=""
    [ "$d" = "$(engine_root "$suite")" ] && current=" (current recipe)"
    if running=$(engine_running "$suite") && [ "${running#* }" = "$d" ]; then
      echo "$suite: running, Docker $(engine_version "$suite" || echo '?'), dockerd ${running%% *}, socket $d/tmp/docker.sock$current"
    else
      echo "$suite: stopped, root $d$current ($(sed 's/.*seconds=\([0-9]*\).*/built in \1 s/' "$d/.netacademy-engine"))"
    fi
  done
}

# Two lab-like containers on an internal bridge network ping each other (the way the lab runtime starts
# nodes: no capabilities but NET_ADMIN and NET_RAW, no-new-privileges, an init).
engine_smoke() {
  local suite=$1 net=nabtest-smoke a=nabtest-a b=nabtest-b addr rc=0
  engine_docker "$suite" rm -f "$a" "$b" >/dev/null 2>&1 || true
  engine_docker "$suite" network rm "$net" >/dev/null 2>&1 || true
  engine_docker "$suite" network create --internal -o com.docker.network.bridge.name=nabtest0 \
    -o com.docker.network.bridge.inhibit_ipv4=true "$net" >/dev/null || return 1
  local c
  for c in "$a" "$b"; do
    engine_docker "$suite" run -d --name "$c" --network "$net" --cap-drop ALL --cap-add NET_ADMIN --cap-add NET_RAW \
      --security-opt no-new-privileges --init netacademy/base:latest >/dev/null || rc=1
  done
  if [ "$rc" = 0 ]; then
    addr=$(engine_docker "$suite" exec "$b" ip -j addr show eth0 \
      | grep -o '"family":"inet","local":"[^"]*"' | head -n 1 | cut -d'"' -f8) || true
    if [ -z "$addr" ]; then
      echo "no IPv4 address on $b's eth0" >&2
      rc=1
    else
      engine_docker "$suite" exec "$a" ping -c 2 -W 2 "$addr" || rc=1
    fi
  fi
  engine_docker "$suite" rm -f "$a" "$b" >/dev/null 2>&1 || true
  engine_docker "$suite" network rm "$net" >/dev/null 2>&1 || true
  return "$rc"
}

# "passed P failed F skipped S" counted by lab from `netacademy lab test --junit` XML (one testsuite per
# lab): a lab with a failing case failed, a lab whose cases were all skipped was skipped. With EXPECTED,
# labs missing from the file (did not load, or no file at all) count as failed.
junit_lab_counts() {
  local file=$1 expected=${2:-0} passed=0 failed=0 skipped=0 suite tests failures skips
  if [ -f "$file" ]; then
    while read -r suite; do
      tests=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$suite")
      failures=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$suite")
      skips=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$suite")
      if [ "${failures:-0}" -gt 0 ]; then
        failed=$((failed + 1))
      elif [ "${skips:-0}" -ge "${tests:-0}" ]; then
        skipped=$((skipped + 1))
      else
        passed=$((passed + 1))
      fi
    done < <(grep -o '<testsuite [^>]*>' "$file")
  fi
  local seen=$((passed + failed + skipped))
  [ "$expected" -gt "$seen" ] && failed=$((failed + expected - seen))
  echo "passed $passed failed $failed skipped $skipped"
}

# The test suite's engine matrix (deploy/test.sh): for each engine of NETACADEMY_TEST_ENGINES, bring it
# up (a process of its own, so a set-up failure ends only that engine's turn), run the dotnet tests of
# matrix_tests ("tests/Project|Filter" entries) and `lab test` of matrix_labs against it with
# DOCKER_HOST and Docker__Endpoint pointing at it, check that nothing labelled netacademy.session is
# left there, and stop it. trx files are named <project>-<suite>.trx in RESULTS, next to the default
# engine's; counting them is the caller's (trx_counts, from test.sh). One line per engine goes to the
# array engine_matrix_summary. Returns 1 when anything failed on any engine.
# Runs one test project (with an optional --filter) against the engine at ENDPOINT, results as NAME.trx/.log in
# RESULTS; prints its counts and failures, leaves "passed P failed F skipped S" in engine_run_counts and returns
# dotnet test's exit code.
engine_run_tests() {
  local endpoint=$1 project=$2 filter=$3 name=$4 results=$5 trc=0
  DOCKER_HOST="$endpoint" Docker__Endpoint="$endpoint" dotnet test "$NETACADEMY_ROOT/$project" -c Release --no-build --nologo \
    ${filter:+--filter "$filter"} \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" \
    >"$results/$name.log" 2>&1 || trc=$?
  engine_run_counts=$(trx_counts "$results/$name.trx")
  echo "    $engine_run_counts"
  grep -E '^\s+Failed [A-Za-z]|^\s+Error Message:' -A3 "$results/$name.log" | head -n 60 || true
  [ -f "$results/$name.trx" ] || tail -n 40 "$results/$name.log"
  return "$trc"
}

run_engine_matrix() {
  local results=$1 suite rc=0
  engine_matrix_summary=()
  [ -n "${matrix_tests+x}" ] || matrix_tests=()
  [ -n "${matrix_labs+x}" ] || matrix_labs=()
  for suite in ${NETACADEMY_TEST_ENGINES-trixie sid}; do
    engine_matrix_one "$suite" "$results" || rc=1
  done
  return "$rc"
}

# shellcheck disable=SC2154  # matrix_tests and matrix_labs are the caller's
engine_matrix_one() {
  local suite=$1 results=$2 start=$SECONDS
  engines_started+=("$suite")
  say "engine matrix: $suite"
  if ! bash "$NETACADEMY_ROOT/deploy/engines.sh" up "$suite" >/dev/null; then
    echo "ENGINE MATRIX: the $suite engine could not be set up (messages above; dockerd log" \
      "/var/log/netacademy-dockerd-$suite.log); its tests did not run" >&2
    engine_down "$suite" || true
    engine_matrix_summary+=("engine $suite: SET-UP FAILED, its tests did not run")
    return 1
  fi
  local sock version endpoint
  sock=$(engine_socket "$suite")
  version=$(engine_version "$suite" || echo "?")
  endpoint="unix://$sock"
  say "engine matrix: Docker $version ($suite) ready after $((SECONDS - start)) s"

  local failed=0 notes=() p=0 f=0 k=0 entry project filter name i=0 trc tp tf tk
  for entry in "${matrix_tests[@]}"; do
    i=$((i + 1))
    project=${entry%%|*} filter=${entry#*|}
    [ "$filter" = "$entry" ] && filter=""
    name="$(basename "$project")-$suite"
    [ -e "$results/$name.trx" ] && name="$name-$i"
    say "test on $suite: $(basename "$project")${filter:+ ($filter)}"
    trc=0
    engine_run_tests "$endpoint" "$project" "$filter" "$name" "$results" || trc=$?
    read -r _ tp _ tf _ tk _ <<<"$engine_run_counts"
    p=$((p + tp)) f=$((f + tf)) k=$((k + tk))
    if [ "$trc" != 0 ]; then
      failed=1
      notes+=("dotnet test $(basename "$project") exited $trc")
    fi
  done
  [ "$f" = 0 ] || failed=1

  local labs="" lab_rc=0 lp lf lk
  if [ ${#matrix_labs[@]} -gt 0 ]; then
    say "lab reference solutions on $suite: ${matrix_labs[*]}"
    DOCKER_HOST="$endpoint" Docker__Endpoint="$endpoint" \
      dotnet "$NETACADEMY_ROOT/src/NetAcademy.Cli/bin/Release/net10.0/netacademy.dll" lab test --root "$NETACADEMY_ROOT" \
      --junit "$results/labs-$suite.xml" "${matrix_labs[@]}" \
      | grep -vE '^[a-z0-9-]+: +(ok +[a-z]|[A-Z][a-z]+ .*: done)' || lab_rc=${PIPESTATUS[0]}
    read -r _ lp _ lf _ lk _ <<<"$(junit_lab_counts "$results/labs-$suite.xml" "${#matrix_labs[@]}")"
    labs="; labs $lp passed, $lf failed"
    [ "$lk" = 0 ] || labs+=", $lk skipped"
    if [ "$lab_rc" != 0 ] || [ "$lf" != 0 ]; then
      failed=1
      [ "$lab_rc" = 0 ] || notes+=("lab test exited $lab_rc")
    fi
  fi

  local c n
  c=$(engine_docker "$suite" ps -aq --filter label=netacademy.session | wc -l)
  n=$(engine_docker "$suite" network ls -q --filter label=netacademy.session | wc -l)
  if [ "$c" != 0 ] || [ "$n" != 0 ]; then
    echo "LEAK on $suite: $c container(s) and $n network(s) labelled netacademy.session are left:" >&2
    engine_docker "$suite" ps -a --filter label=netacademy.session --format '  {{.Names}} {{.Labels}}' >&2 || true
    failed=1
    notes+=("LEAK: $c container(s), $n network(s)")
  fi
  engine_down "$suite" || { failed=1; notes+=("did not stop cleanly"); }

  # The same engine without userns-remap, for the tests that the platform refuses it (no lab can run there).
  if [ "$suite" = "${NETACADEMY_TEST_NOREMAP_ENGINE:-sid}" ] && [ -n "${matrix_noremap_tests:-}" ]; then
    say "test on $suite without userns-remap: $matrix_noremap_tests"
    if NETACADEMY_ENGINE_REMAP=off bash "$NETACADEMY_ROOT/deploy/engines.sh" up-without-remap "$suite" >/dev/null; then
      project=${matrix_noremap_tests%%|*} filter=${matrix_noremap_tests#*|}
      trc=0
      engine_run_tests "$endpoint" "$project" "$filter" "$(basename "$project")-$suite-noremap" "$results" || trc=$?
      read -r _ tp _ tf _ tk _ <<<"$engine_run_counts"
      p=$((p + tp)) f=$((f + tf)) k=$((k + tk))
      if [ "$trc" != 0 ] || [ "$tf" != 0 ] || [ "$tp" = 0 ]; then
        failed=1
        notes+=("without userns-remap: dotnet test exited $trc")
      fi
    else
      failed=1
      notes+=("could not start it without userns-remap")
    fi
    engine_down "$suite" || { failed=1; notes+=("did not stop cleanly"); }
  fi

  local line="engine docker $version ($suite): $p passed, $f failed, $k skipped$labs"
  [ ${#notes[@]} -eq 0 ] || line+=$(printf '; %s' "${notes[@]}")
  [ "$failed" = 0 ] || line+=" - FAILED"
  engine_matrix_summary+=("$line")
  say "engine matrix: $suite done in $((SECONDS - start)) s"
  return "$failed"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    up)
      [ $# -eq 2 ] || die "usage: $0 up SUITE"
      engine_up "$2"
      engine_load_images "$2"
      engine_check_userns "$2"
      engine_socket "$2"
      ;;
    up-without-remap)
      [ $# -eq 2 ] || die "usage: $0 up-without-remap SUITE"
      NETACADEMY_ENGINE_REMAP=off engine_up "$2"
      engine_socket "$2"
      ;;
    down) [ $# -eq 2 ] || die "usage: $0 down SUITE"; engine_down "$2" ;;
    status) engine_status ;;
    smoke) [ $# -eq 2 ] || die "usage: $0 smoke SUITE"; engine_smoke "$2" ;;
    *) die "usage: $0 up SUITE | up-without-remap SUITE | down SUITE | status | smoke SUITE" ;;
  esac
fi
