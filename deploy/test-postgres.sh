# A throw-away PostgreSQL for the test suite: its own cluster in a temp directory, owned by the postgres
# user, listening on 127.0.0.1 only. Sourced by test.sh after lib.sh; also usable by hand:
#   source deploy/lib.sh; source deploy/test-postgres.sh; start_test_postgres; ...; stop_test_postgres
# start_test_postgres exports NETACADEMY_TEST_POSTGRES (an Npgsql connection string) for the tests.

NETACADEMY_TEST_POSTGRES_PORT="${NETACADEMY_TEST_POSTGRES_PORT:-55432}"
test_pg_dir=""
test_pg_bin=""

start_test_postgres() {
  apt_ensure postgresql
  test_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$test_pg_bin/initdb" ] || die "PostgreSQL's initdb is not under /usr/lib/postgresql/*/bin"
  test_pg_dir=$(mktemp -d /tmp/netacademy-pg-XXXXXX)
  chown postgres: "$test_pg_dir"
  say "test PostgreSQL on 127.0.0.1:$NETACADEMY_TEST_POSTGRES_PORT ($test_pg_dir)"
  # Trust on loopback only: the cluster lives for one test run and nothing but this machine can reach it.
  runuser -u postgres -- "$test_pg_bin/initdb" -D "$test_pg_dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$test_pg_bin/pg_ctl" -D "$test_pg_dir/data" -l "$test_pg_dir/log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $NETACADEMY_TEST_POSTGRES_PORT -k $test_pg_dir -c fsync=off" >/dev/null \
    || { cat "$test_pg_dir/log" >&2; die "the test PostgreSQL did not start"; }
  export NETACADEMY_TEST_POSTGRES="Host=127.0.0.1;Port=$NETACADEMY_TEST_POSTGRES_PORT;Username=postgres;Database=postgres"
}

stop_test_postgres() {
  [ -n "$test_pg_dir" ] || return 0
  runuser -u postgres -- "$test_pg_bin/pg_ctl" -D "$test_pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$test_pg_dir"
  test_pg_dir=""
}
