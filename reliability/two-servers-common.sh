# Sourced by reliability/two-servers-kill.sh and reliability/submit-only.sh: two WildFly servers on
# one MsgStore store in a private PostgreSQL cluster, built and configured like run.sh's servers
# (the benchmark harness's build, bench.cli, store-postgres.cli, reliability.cli) plus
# wildfly/two-servers.cli. Everything it makes is under reliability/target/two-servers; its ports:
# WildFly offsets 600 (server a) and 700 (server b), the sink from 2660, PostgreSQL from 6032.
#
# Common settings (environment variables; defaults in brackets):
#   LEASE_MS [20000]        spoolerLeaseMs
#   SPOOLER_THREADS [4]     spoolerThreads
#   POLL_MS [1000]          spoolerPollIntervalMs
#   START_SECONDS [300]     longest wait for a server to answer
#   MVN_ARGS [""]           extra Maven arguments for the build, e.g. -o; SKIP_BUILD=1 reuses it
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
lease_ms="${LEASE_MS:-20000}"
threads="${SPOOLER_THREADS:-4}"
poll_ms="${POLL_MS:-1000}"
start_seconds="${START_SECONDS:-300}"
bench="$root/benchmarks/target"
target="$root/reliability/target/two-servers"
results="$target/results.md"
# The two servers: name → WildFly port offset.
declare -A offset_of=([a]=600 [b]=700)

port_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
free_port_from() {
  local p="$1"
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}
now() { date +%s.%N; }
# Seconds from $1 to $2, one decimal.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
# Value of key $2 in the key=value line $1.
value() { echo "$1" | tr ' ' '\n' | grep "^$2=" | head -n 1 | cut -d= -f2; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

for s in a b; do
  port_free $((8080 + offset_of[$s])) || { echo "port $((8080 + offset_of[$s])) is taken (server $s)" >&2 && exit 2; }
done
sink="$(command -v smtp-sink || echo /usr/sbin/smtp-sink)"
[ -x "$sink" ] || { echo "needs Postfix's smtp-sink (apt-get install postfix)" >&2; exit 2; }
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)"
[ -n "$pg_bin" ] || { echo "needs PostgreSQL's binaries (apt-get install postgresql)" >&2; exit 2; }

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "Building msgstore.rar and the bench war..."
  # shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
  mvn -B -q -Dstyle.color=never ${MVN_ARGS:-} -Pbench -DskipTests -pl benchmarks -am package
fi
jboss_home="$(ls -d "$bench"/wildfly-*/ | head -n 1)"
jboss_home="${jboss_home%/}"
mkdir -p "$target"

# What is running, for cleanup.
declare -A launcher_of=() # server → standalone.sh's pid
sink_pid=""
pg_data="$target/postgres/data"
pg_port=""
pg_running=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
java_pid() { cat "$target/server-$1/server.pid" 2> /dev/null || true; }
# kill -9 of server $1's JVM, and waits for its launcher.
kill_server() {
  local j
  j="$(java_pid "$1")"
  [ -n "$j" ] && kill -9 "$j" 2> /dev/null || true
  [ -n "${launcher_of[$1]:-}" ] && wait "${launcher_of[$1]}" 2> /dev/null || true
  launcher_of[$1]=""
}
stop_sink() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null || true
  [ -n "$sink_pid" ] && wait "$sink_pid" 2> /dev/null || true
  sink_pid=""
}
stop_all() {
  kill_server a
  kill_server b
  stop_sink
  [ -n "$pg_running" ] && as_postgres "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w -t 30 > /dev/null 2>&1 || true
  pg_running=""
}
trap stop_all EXIT

# The private cluster (as run.sh's): loopback, XA, superuser msgstore, trust.
start_postgres() {
  rm -rf "$target/postgres"
  mkdir -p "$target/postgres"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$target/postgres"
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U msgstore --auth=trust --encoding=UTF8 --locale=C > "$target/postgres-initdb.log"
  pg_port="$(free_port_from 6032)"
  cat >> "$pg_data/postgresql.conf" << PG
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = ''
max_prepared_transactions = 100
max_connections = 200
PG
  as_postgres "$pg_bin/pg_ctl" start -D "$pg_data" -l "$target/postgres/server.log" -w -t 60 > /dev/null
  pg_running=1
}
sql() { "$pg_bin/psql" -X -A -t -q -h 127.0.0.1 -p "$pg_port" -U msgstore -d "$1" -c "$2"; }
# A fresh, empty store database (the servers must be stopped).
fresh_store() {
  sql postgres "DROP DATABASE IF EXISTS store WITH (FORCE)"
  sql postgres "CREATE DATABASE store"
}

# One configured base directory; each server starts on a copy of it.
configure_template() {
  local template="$target/template" cli="$root/benchmarks/src/main/wildfly" f
  rm -rf "$template"
  cp -r "$jboss_home/standalone" "$template"
  for f in "$cli/bench.cli" "$cli/store-postgres.cli" "$root/reliability/wildfly/reliability.cli" "$root/reliability/wildfly/two-servers.cli"; do
    JAVA_OPTS="-Djboss.server.base.dir=$template" "$jboss_home/bin/jboss-cli.sh" --file="$f" > "$target/cli.log" 2>&1 || {
      cat "$target/cli.log" >&2
      exit 2
    }
  done
  cp "$bench/msgstore.rar" "$bench/msgstore-bench.war" "$template/deployments/"
}

# Starts server $1 (a or b) on a fresh copy of the template; the rest of the arguments are extra
# system properties. Node name, HELO name, transaction node identifier and jboss.node.name are
# two-$1: two servers sharing a store must not share a node identifier, or one's recovery manager
# would take the other's prepared branches for its own.
start_server() {
  local s="$1" base="$target/server-$1"
  shift
  rm -rf "$base"
  cp -r "$target/template" "$base"
  JBOSS_PIDFILE="$base/server.pid" LAUNCH_JBOSS_IN_BACKGROUND=1 "$jboss_home/bin/standalone.sh" -c standalone-full.xml \
    -Djboss.server.base.dir="$base" -b 127.0.0.1 -Djboss.socket.binding.port-offset="${offset_of[$s]}" \
    -Djboss.node.name="two-$s" -Djboss.tx.node.id="two-$s" -Dreliability.node="two-$s" \
    -Dbench.smtp.port="$sink_port" -Dbench.sinkLog="$sink_out" -Dbench.spoolerThreads="$threads" \
    -Dbench.store=postgres -Dbench.pg.port="$pg_port" -Dreliability.leaseMs="$lease_ms" \
    -Dreliability.pollMs="$poll_ms" "$@" \
    >> "$base/server.out" 2>&1 &
  launcher_of[$s]=$!
}
api_of() { echo "http://127.0.0.1:$((8080 + offset_of[$1]))/msgstore-bench/api"; }
# GET $2 of server $1's bench war; $3: timeout in seconds.
call() { curl -sS --fail --max-time "${3:-30}" "$(api_of "$1")/$2"; }
# Waits (bounded) until server $1's war answers.
wait_ready() {
  local deadline=$((SECONDS + start_seconds)) base="$target/server-$1"
  while [ "$SECONDS" -lt "$deadline" ]; do
    call "$1" reliability/counts 5 > /dev/null 2>&1 && return 0
    if [ -e "$base/deployments/msgstore-bench.war.failed" ] || [ -e "$base/deployments/msgstore.rar.failed" ]; then
      echo "server $1: deployment failed, see $base/log/server.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "server $1 did not answer within $start_seconds s: see $base/log/server.log" >&2
  return 1
}
