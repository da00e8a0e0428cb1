#!/usr/bin/env bash
# Sets everything up, including the test tools, and runs the whole test suite: unit tests, integration
# tests against the real Docker engine, every lab's reference solution headless, and the end-to-end tests
# in Chromium. Exits non-zero on any failure, and fails when anything labelled for a lab is left behind.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$NETACADEMY_ROOT/deploy/setup.sh" --with-test-tools
cd "$NETACADEMY_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NetAcademy__Root="$NETACADEMY_ROOT"

leftovers() {
  local c n
  c=$(docker ps -aq --filter label=netacademy.session | wc -l)
  n=$(docker network ls -q --filter label=netacademy.session | wc -l)
  echo "$c $n"
}

# The data layer's tests run against SQLite and against this real PostgreSQL.
source "$NETACADEMY_ROOT/deploy/test-postgres.sh"
start_test_postgres
trap stop_test_postgres EXIT

# "passed P failed F skipped S" from a trx file's counters.
trx_counts() {
  [ -f "$1" ] || { echo "passed 0 failed 0 skipped 0 (no results)"; return; }
  local counters; counters=$(grep -o '<Counters [^>]*>' "$1" | head -n 1)
  local total passed failed
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo "passed ${passed:-0} failed ${failed:-0} skipped $(( ${total:-0} - ${passed:-0} - ${failed:-0} ))"
}

status=0
results="$NETACADEMY_ROOT/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
for project in tests/*/; do
  name=$(basename "$project")
  [ "$name" = NetAcademy.Benchmarks ] && continue
  [ "$name" = NetAcademy.Testing ] && continue   # support code, not tests
  say "test: $name"
  rc=0
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" \
    >"$results/$name.log" 2>&1 || rc=$?
  counts=$(trx_counts "$results/$name.trx")
  echo "    $counts"
  # Names and messages of failed tests, from the console log.
  grep -E '^\s+Failed [A-Za-z]|^\s+Error Message:' -A3 "$results/$name.log" | head -n 60 || true
  if [ "$rc" != 0 ]; then
    status=1
    [ -f "$results/$name.trx" ] || tail -n 40 "$results/$name.log"
  fi
done

say "lint: content and labs"
dotnet src/NetAcademy.Cli/bin/Release/net10.0/netacademy.dll lint "$NETACADEMY_ROOT" || status=1

say "lab reference solutions: every task fails before its solution and passes after (netacademy lab test)"
dotnet src/NetAcademy.Cli/bin/Release/net10.0/netacademy.dll lab test --root "$NETACADEMY_ROOT" --junit "$results/labs.xml" \
  | grep -vE '^[a-z0-9-]+: +(ok +[a-z]|[A-Z][a-z]+ .*: done)' || status=1

read -r c n < <(leftovers)
if [ "$c" != 0 ] || [ "$n" != 0 ]; then
  echo "LEAK: $c container(s) and $n network(s) labelled netacademy.session are left after the suite:" >&2
  docker ps -a --filter label=netacademy.session --format '  {{.Names}} {{.Labels}}' >&2
  status=1
fi

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  read -r _ p _ f _ k _ <<<"$(trx_counts "$trx")"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + k))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" = 0 ] && [ "$failed" = 0 ] || exit 1
