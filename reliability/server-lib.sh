# Shared by reliability/db-away.sh and reliability/lease-takeback.sh (sourced, not run): the build,
# a private PostgreSQL cluster, smtp-sink, and WildFly servers configured with the benchmarks' cli
# files, as run.sh does for its scenarios. Expects root, work (the scenario's folder under
# reliability/target), offset and start_seconds to be set, and set -euo pipefail.

bench="$root/benchmarks/target"
clis="$root/benchmarks/src/main/wildfly"
mkdir -p "$work"

port_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
free_port_from() {
  local p="$1"
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}
now() { date +%s.%N; }
now_ms() { date +%s%3N; }
# Seconds from $1 to $2, one decimal.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
# Value of key $2 in the key=value line(s) $1.
value() { echo "$1" | tr ' ' '\n' | grep "^$2=" | head -n 1 | cut -d= -f2- || true; }
stamp() { date -u +%H:%M:%S; }

sink_bin="$(command -v smtp-sink || echo /usr/sbin/smtp-sink)"
[ -x "$sink_bin" ] || { echo "needs Postfix's smtp-sink (apt-get install postfix)" >&2; exit 2; }

build() {
  if [ -z "${SKIP_BUILD:-}" ]; then
    echo "Building msgstore.rar and the bench war..."
    # shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
    mvn -B -q -Dstyle.color=never ${MVN_ARGS:-} -Pbench -DskipTests -pl benchmarks -am package
  fi
  jboss_home="$(ls -d "$bench"/wildfly-*/ | head -n 1)"
  jboss_home="${jboss_home%/}"
}

# ---- PostgreSQL: a private cluster under $work/postgres, as run.sh starts its own
pg_bin=""
pg_data=""
pg_port=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_postgres() {
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)"
  [ -n "$pg_bin" ] || { echo "needs PostgreSQL's binaries (apt-get install postgresql)" >&2; exit 2; }
  pg_data="$work/postgres/data"
  rm -rf "$work/postgres"
  mkdir -p "$work/postgres"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$work/postgres"
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U msgstore --auth=trust --encoding=UTF8 --locale=C > "$work/postgres-initdb.log"
  pg_port="$(free_port_from $((5432 + offset)))"
  cat >> "$pg_data/postgresql.conf" << PG
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = ''
max_prepared_transactions = 100
max_connections = 200
PG
  pg_ctl_start
}
pg_ctl_start() { as_postgres "$pg_bin/pg_ctl" start -D "$pg_data" -l "$work/postgres/server.log" -w -t 60 > /dev/null; }
# As a crash stops it: no shutdown checkpoint, every backend gone at once.
pg_crash() { as_postgres "$pg_bin/pg_ctl" stop -D "$pg_data" -m immediate -w -t 30 > /dev/null; }
sql() { "$pg_bin/psql" -X -A -t -q -h 127.0.0.1 -p "$pg_port" -U msgstore -d "$1" -c "$2"; }

# ---- smtp-sink: -c counts (read by the bench war through -Dbench.sinkLog), -D dumps every message
sink_pid=""
start_sink() {
  sink_port="$(free_port_from "$1")"
  sink_out="$work/sink.out"
  dump="$work/sink.dump"
  rm -f "$dump" "$sink_out"
  "$sink_bin" -c -u "$(id -un)" -D "$dump" "127.0.0.1:$sink_port" 1000 > "$sink_out" 2>&1 &
  sink_pid=$!
}
# Messages the sink has accepted so far (smtp-sink -c writes "sess=N quit=N mesg=N" per message).
sink_count() {
  local n
  n="$(tr '\r' '\n' < "$sink_out" | grep -o 'mesg=[0-9]*' | tail -n 1 | cut -d= -f2 || true)"
  echo "${n:-0}"
}
# "Message-ID<TAB>Subject" per message in the sink's dump, in the order it accepted them.
dump_pairs() {
  { tr -d '\r' < "$dump" 2> /dev/null || true; } | awk '
    tolower($0) ~ /^message-id:/ {id = $2}
    /^Subject: / {s = substr($0, 10)}
    id != "" && s != "" {print id "\t" s; id = ""; s = ""}'
}

# ---- WildFly: a base directory per server, configured offline with jboss-cli
new_base() {
  rm -rf "$1"
  cp -r "$jboss_home/standalone" "$1"
}
# configure BASE CLI...
configure() {
  local base="$1" f
  shift
  for f in "$@"; do
    JAVA_OPTS="-Djboss.server.base.dir=$base" "$jboss_home/bin/jboss-cli.sh" --file="$f" > "$work/cli.log" 2>&1 || {
      cat "$work/cli.log" >&2
      exit 2
    }
  done
}
# start_server BASE OFFSET EXTRA_ARGS...: in the background; the JVM's pid goes to BASE/server.pid.
start_server() {
  local base="$1" off="$2"
  shift 2
  JBOSS_PIDFILE="$base/server.pid" LAUNCH_JBOSS_IN_BACKGROUND=1 "$jboss_home/bin/standalone.sh" -c standalone-full.xml \
    -Djboss.server.base.dir="$base" -b 127.0.0.1 -Djboss.socket.binding.port-offset="$off" \
    -Dbench.smtp.port="$sink_port" -Dbench.sinkLog="$sink_out" -Dbench.pg.port="$pg_port" "$@" \
    >> "$base/server.out" 2>&1 &
}
java_pid() { cat "$1/server.pid" 2> /dev/null || true; }
# Kills the server of BASE as a crash does and waits until its JVM is gone.
kill_server() {
  local j
  j="$(java_pid "$1")"
  [ -n "$j" ] || return 0
  kill -9 "$j" 2> /dev/null || true
  while kill -0 "$j" 2> /dev/null; do sleep 0.1; done
}
# wait_ready BASE OFFSET: bounded, until the bench war answers on that server.
wait_ready() {
  local base="$1" url="http://127.0.0.1:$((8080 + $2))/msgstore-bench/api/reliability/counts"
  local deadline=$((SECONDS + start_seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -sS --fail --max-time 5 "$url" > /dev/null 2>&1 && return 0
    if [ -e "$base/deployments/msgstore-bench.war.failed" ] || [ -e "$base/deployments/msgstore.rar.failed" ]; then
      echo "deployment failed: see $base/log/server.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "WildFly did not answer within $start_seconds s: see $base/log/server.log" >&2
  return 1
}
# call OFFSET PATH [TIMEOUT]: GET on the bench war's API of the server at OFFSET.
call() { curl -sS --fail --max-time "${3:-30}" "http://127.0.0.1:$((8080 + $1))/msgstore-bench/api/$2"; }
# Log lines of BASE's console output with code $2 (counted). The console, not server.log: it is
# appended to across restarts and never rotated (server.log is, at midnight).
log_count() {
  local n
  n="$(grep -c "$2" "$1/server.out" 2> /dev/null || true)"
  echo "${n:-0}"
}

servers=() # base directories to kill at exit
stop_all() {
  local b
  for b in "${servers[@]}"; do kill_server "$b"; done
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null || true
  sink_pid=""
  [ -n "$pg_bin" ] && as_postgres "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w -t 30 > /dev/null 2>&1 || true
  pg_bin=""
}
trap stop_all EXIT
