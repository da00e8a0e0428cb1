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

status=0
results="$NETACADEMY_ROOT/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
for project in tests/*/; do
  name=$(basename "$project")
  [ "$name" = NetAcademy.Benchmarks ] && continue
  say "test: $name"
  rc=0
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" \
    >"$results/$name.log" 2>&1 || rc=$?
  grep -E '^\s*(Passed!|Failed!|Failed [A-Za-z]|Skipped [A-Za-z])|error [A-Z]+[0-9]+' "$results/$name.log" || true
  if [ "$rc" != 0 ]; then
    status=1
    grep -qE '^\s*(Passed!|Failed!)' "$results/$name.log" || tail -n 40 "$results/$name.log"
  fi
done

say "lint: content and labs"
dotnet src/NetAcademy.Cli/bin/Release/net10.0/netacademy.dll lint "$NETACADEMY_ROOT" || status=1

read -r c n < <(leftovers)
if [ "$c" != 0 ] || [ "$n" != 0 ]; then
  echo "LEAK: $c container(s) and $n network(s) labelled netacademy.session are left after the suite:" >&2
  docker ps -a --filter label=netacademy.session --format '  {{.Names}} {{.Labels}}' >&2
  status=1
fi

passed=$(grep -hoE 'Passed:\s+[0-9]+' "$results"/*.log | awk '{s+=$2} END {print s+0}')
failed=$(grep -hoE 'Failed:\s+[0-9]+' "$results"/*.log | awk '{s+=$2} END {print s+0}')
skipped=$(grep -hoE 'Skipped:\s+[0-9]+' "$results"/*.log | awk '{s+=$2} END {print s+0}')
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" = 0 ] && [ "$failed" = 0 ] || exit 1
