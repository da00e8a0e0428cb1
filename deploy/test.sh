#!/usr/bin/env bash
# Sets everything up, including the test tools, and runs the whole test suite: unit tests, integration
# tests against the real Docker engine, every lab's reference solution headless, and the end-to-end tests
# in Chromium; then the engine matrix: the runtime's integration tests and a few labs again against other
# Docker engines (deploy/engines.sh). Exits non-zero on any failure, and fails when anything labelled for a
# lab is left behind.
#
# NETACADEMY_TEST_ENGINES: the matrix's engines, Debian suites whose docker.io runs beside the default
# engine (default "trixie sid": Docker 26.1 and 28.5); empty skips the matrix.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$NETACADEMY_ROOT/deploy/engines.sh"

NETACADEMY_TEST_ENGINES="${NETACADEMY_TEST_ENGINES-trixie sid}"
# Run on every engine of the matrix: "tests/Project.Dir|FilterExpression" (dotnet test --filter) ...
matrix_tests=(
  "tests/NetAcademy.Labs.Tests|Category=EngineMatrix"
)
# ... and these labs' reference solutions (netacademy lab test).
matrix_labs=(veth-pairs linux-bridge vxlan-overlay netfilter-iptables)
# On one engine of the matrix (NETACADEMY_TEST_NOREMAP_ENGINE, default sid) started again WITHOUT userns-remap:
# the tests that the platform refuses such an engine. They never run against an engine that remaps.
matrix_noremap_tests="tests/NetAcademy.Labs.Tests|Category=EngineWithoutRemap"

bash "$NETACADEMY_ROOT/deploy/setup.sh" --with-test-tools
cd "$NETACADEMY_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NetAcademy__Root="$NETACADEMY_ROOT"

leftovers() {
  local c n v
  c=$(docker ps -aq --filter label=netacademy.session | wc -l)
  n=$(docker network ls -q --filter label=netacademy.session | wc -l)
  # Warm pools record a claim as a labelled volume, removed with its session.
  v=$(docker volume ls -q --filter label=netacademy.session | wc -l)
  echo "$c $((n + v))"
}

# The data layer's tests run against SQLite and against this real PostgreSQL.
source "$NETACADEMY_ROOT/deploy/test-postgres.sh"
start_test_postgres
# Matrix engines are stopped however the suite ends (engines_cleanup: the ones it started).
trap 'engines_cleanup; stop_test_postgres' EXIT

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
default_passed=0 default_failed=0 default_skipped=0
results="$NETACADEMY_ROOT/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
for project in tests/*/; do
  name=$(basename "$project")
  [ "$name" = NetAcademy.Benchmarks ] && continue
  [ "$name" = NetAcademy.Testing ] && continue   # support code, not tests
  say "test: $name"
  rc=0
  # Tests that need an engine without userns-remap run only in the engine matrix (deploy/engines.sh).
  dotnet test "$project" -c Release --no-build --nologo --filter "Category!=EngineWithoutRemap" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" \
    >"$results/$name.log" 2>&1 || rc=$?
  counts=$(trx_counts "$results/$name.trx")
  echo "    $counts"
  read -r _ p _ f _ k _ <<<"$counts"
  default_passed=$((default_passed + p)) default_failed=$((default_failed + f)) default_skipped=$((default_skipped + k))
  # Names and messages of failed tests, from the console log.
  grep -E '^\s+Failed [A-Za-z]|^\s+Error Message:' -A3 "$results/$name.log" | head -n 60 || true
  if [ "$rc" != 0 ]; then
    status=1
    [ -f "$results/$name.trx" ] || tail -n 40 "$results/$name.log"
  fi
done

say "front end: type-check the browser modules (tsc --noEmit) and their unit tests (node --test)"
frontend="$NETACADEMY_ROOT/src/NetAcademy.Web/frontend"
(cd "$frontend" && node_modules/.bin/tsc -p tsconfig.json) || status=1
mapfile -t frontend_tests < <(find "$frontend/tests" -name '*.test.mjs' 2>/dev/null | sort)
if [ "${#frontend_tests[@]}" -gt 0 ]; then
  node --test --test-reporter=spec "${frontend_tests[@]}" >"$results/frontend.log" 2>&1 || { status=1; tail -n 60 "$results/frontend.log"; }
  grep -E '^ℹ (tests|pass|fail)' "$results/frontend.log" | tr '\n' ' '; echo
fi

say "lint: content and labs"
dotnet src/NetAcademy.Cli/bin/Release/net10.0/netacademy.dll lint "$NETACADEMY_ROOT" || status=1

say "deploy: systemd units as deploy/install.sh installs them (systemd-analyze verify)"
if command -v systemd-analyze >/dev/null; then
  bash "$NETACADEMY_ROOT/deploy/install.sh" --render-units "$results/units"
  systemd-analyze verify "$results"/units/*.service || status=1
else
  say "systemd-analyze is not installed here: the units are not verified"
fi

say "lab reference solutions: every task fails before its solution and passes after (netacademy lab test; labs this kernel cannot run in a VM)"
dotnet src/NetAcademy.Cli/bin/Release/net10.0/netacademy.dll lab test --vm --root "$NETACADEMY_ROOT" --junit "$results/labs.xml" \
  | grep -vE '^(vm: )?[a-z0-9-]+: +(ok +[a-z]|[A-Z][a-z]+ .*: done)' || status=1

read -r c n < <(leftovers)
if [ "$c" != 0 ] || [ "$n" != 0 ]; then
  echo "LEAK: $c container(s) and $n network(s) or claim volume(s) labelled netacademy.session are left after the suite:" >&2
  docker ps -a --filter label=netacademy.session --format '  {{.Names}} {{.Labels}}' >&2
  status=1
fi

# Engine matrix: the same runtime against other Docker engines, one after the other (deploy/engines.sh).
engine_matrix_summary=()
if [ -n "${NETACADEMY_TEST_ENGINES// /}" ]; then
  say "engine matrix: ${NETACADEMY_TEST_ENGINES}"
  run_engine_matrix "$results" || status=1
fi

read -r _ lp _ lf _ lk _ <<<"$(junit_lab_counts "$results/labs.xml")"
echo "engine docker $(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?') (default):" \
  "$default_passed passed, $default_failed failed, $default_skipped skipped; labs $lp passed, $lf failed, $lk skipped"
for line in "${engine_matrix_summary[@]}"; do echo "$line"; done

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  read -r _ p _ f _ k _ <<<"$(trx_counts "$trx")"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + k))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
# The failed tests again, last: a CI log that keeps only its tail still names them.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  grep -o 'testName="[^"]*"[^>]*outcome="Failed"' "$trx" | sed "s/^testName=\"\([^\"]*\)\".*/FAILED $(basename "$trx" .trx): \1/" || true
done
[ "$status" = 0 ] && [ "$failed" = 0 ] || exit 1
