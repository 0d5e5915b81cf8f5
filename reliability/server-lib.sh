# The fault scripts' one library (sourced, not run): the build, a private PostgreSQL cluster, a
# private MariaDB server, smtp-sink, and WildFly servers configured with the benchmarks' cli files.
# Sourced by run.sh, two-servers-common.sh (two-servers-kill.sh, submit-only.sh), lease-takeback.sh
# and db-away.sh. Expects root, work (the scenario's folder under reliability/target), offset (the
# WildFly port offset; start_postgres's default port is 5432 + offset) and start_seconds to be set,
# and set -euo pipefail.

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
# Value of key $2 in the key=value line(s) $1 (empty when absent).
value() { echo "$1" | tr ' ' '\n' | grep "^$2=" | head -n 1 | cut -d= -f2- || true; }
stamp() { date -u +%H:%M:%S; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }
# A random delay in [0.5, $2] s, in tenths, from $1 (a value of $RANDOM drawn by the caller: a
# command substitution's subshell would reseed its own RANDOM).
random_delay() { awk -v r="$1" -v m="$2" 'BEGIN {printf "%.1f", 0.5 + (m - 0.5) * r / 32767}'; }

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

# ---- PostgreSQL: a private cluster under $work/postgres (loopback, XA, superuser msgstore, trust)
pg_bin=""
pg_data=""
pg_port=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# start_postgres [FIRST_PORT]: the first free port from FIRST_PORT (default 5432 + offset).
start_postgres() {
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)"
  [ -n "$pg_bin" ] || { echo "needs PostgreSQL's binaries (apt-get install postgresql)" >&2; exit 2; }
  pg_data="$work/postgres/data"
  rm -rf "$work/postgres"
  mkdir -p "$work/postgres"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$work/postgres"
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U msgstore --auth=trust --encoding=UTF8 --locale=C > "$work/postgres-initdb.log"
  pg_port="$(free_port_from "${1:-$((5432 + offset))}")"
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
stop_postgres() {
  [ -n "$pg_bin" ] && as_postgres "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w -t 30 > /dev/null 2>&1 || true
  pg_bin=""
}
sql() { "$pg_bin/psql" -X -A -t -q -h 127.0.0.1 -p "$pg_port" -U msgstore -d "$1" -c "$2"; }
# Transactions prepared and not decided, in the whole cluster.
pg_prepared_count() { sql postgres "SELECT count(*) FROM pg_prepared_xacts"; }

# ---- The store's queue, for a store in the cluster's database "store" (by jdbcUrl); "?" when the
# database does not answer.
queue_rows() { sql store "SELECT count(*) FROM outgoing_queue" 2> /dev/null || echo "?"; }
# Message ids (comma-separated) of the queue rows locked now, by anyone or by node $1.
locked_ids() { sql store "SELECT coalesce(string_agg(message_id::text, ',' ORDER BY message_id), '') FROM outgoing_queue WHERE lock_owner IS NOT NULL${1:+ AND lock_owner = '$1'}"; }
# How many of the messages $1 (comma-separated ids) are still queued.
still_queued() { sql store "SELECT count(*) FROM outgoing_queue WHERE message_id IN ($1)" 2> /dev/null || echo "?"; }

# ---- MariaDB: a private server from Debian's mariadb-server package under $work/mariadb, as the
# store tests' MariaDbServer starts one: its own datadir, loopback only, user msgstore (every
# privilege, no password, from 127.0.0.1), the system service never used.
maria_home=""
maria_port=""
maria_pid=""
# start_mariadb PORT: a fresh datadir; fails when PORT is taken.
start_mariadb() {
  local server=/usr/sbin/mariadbd tools=/usr/bin runas=() deadline
  [ -x "$server" ] && [ -x "$tools/mariadb-install-db" ] || { echo "needs MariaDB's server (apt-get install mariadb-server)" >&2; exit 2; }
  maria_port="$1"
  port_free "$maria_port" || { echo "port $maria_port (MariaDB) is taken" >&2; exit 2; }
  maria_home="$work/mariadb"
  rm -rf "$maria_home"
  mkdir -p "$maria_home"
  printf "%s\n" "CREATE USER IF NOT EXISTS 'msgstore'@'127.0.0.1';" \
    "GRANT ALL PRIVILEGES ON *.* TO 'msgstore'@'127.0.0.1' WITH GRANT OPTION;" > "$maria_home/init.sql"
  if [ "$(id -u)" = 0 ]; then
    chown -R mysql:mysql "$maria_home"
    runas=(runuser -u mysql --)
  fi
  "${runas[@]}" "$tools/mariadb-install-db" --no-defaults --datadir="$maria_home/data" \
    --auth-root-authentication-method=normal --skip-test-db > "$maria_home/install.log" 2>&1 || {
    cat "$maria_home/install.log" >&2
    exit 2
  }
  # The store tests' settings, but the redo log synced at each commit: what a prepared branch
  # needs to outlive a crash of the server too (here only the application server is killed).
  "${runas[@]}" "$server" --no-defaults --datadir="$maria_home/data" --socket="$maria_home/mariadbd.sock" \
    --port="$maria_port" --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$maria_home/mariadbd.pid" \
    --log-error="$maria_home/server.log" --init-file="$maria_home/init.sql" --skip-log-bin \
    --innodb-buffer-pool-size=128M --max-connections=300 --max-allowed-packet=1G \
    > "$maria_home/console.log" 2>&1 &
  maria_pid=$!
  deadline=$((SECONDS + 60))
  until maria_sql "" "SELECT 1" > /dev/null 2>&1; do
    kill -0 "$maria_pid" 2> /dev/null || { echo "mariadbd exited while starting: see $maria_home/server.log" >&2; exit 2; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "mariadbd did not answer within 60 s: see $maria_home/server.log" >&2; exit 2; }
    sleep 0.2
  done
}
# maria_sql DATABASE SQL (DATABASE may be empty): tab-separated, no column names.
maria_sql() {
  local db=()
  [ -n "$1" ] && db=("$1")
  mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$maria_port" -u msgstore -N -B -e "$2" "${db[@]}"
}
# XA branches prepared and not decided (XA RECOVER lists them server-wide).
maria_prepared_count() { maria_sql "" "XA RECOVER" | grep -c . || true; }
stop_mariadb() {
  local pid
  [ -n "$maria_home" ] || return 0
  pid="$(cat "$maria_home/mariadbd.pid" 2> /dev/null || true)"
  [ -n "$pid" ] && kill "$pid" 2> /dev/null || true
  [ -n "$maria_pid" ] && wait "$maria_pid" 2> /dev/null || true
  maria_home=""
  maria_pid=""
}

# ---- smtp-sink: -c counts (read by the bench war through -Dbench.sinkLog), -D dumps every message
sink_pid=""
sink_port=""
# start_sink FIRST_PORT [NAME [DUMP]]: the sink on the first free port from FIRST_PORT, counting into
# $work/NAME.out and dumping into DUMP (default $work/NAME.dump); NAME defaults to "sink".
start_sink() {
  local name="${2:-sink}"
  sink_port="$(free_port_from "$1")"
  sink_out="$work/$name.out"
  dump="${3:-$work/$name.dump}"
  [ -p "$dump" ] || rm -f "$dump"
  rm -f "$sink_out"
  "$sink_bin" -c -u "$(id -un)" -D "$dump" "127.0.0.1:$sink_port" 1000 > "$sink_out" 2>&1 &
  sink_pid=$!
}
stop_sink() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null || true
  [ -n "$sink_pid" ] && wait "$sink_pid" 2> /dev/null || true
  sink_pid=""
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
# Copies in the dump beyond the first of each Message-ID, per stretch between the marks $1 (the
# sink's counts at each kill, in order): "before-first after-1 after-2 ...".
duplicates_per_mark() {
  { grep -i '^Message-ID:' "$dump" || true; } | awk -v marks="$1" '
    BEGIN {n = split(marks, m, " ")}
    {i++; id = tolower($0); if (seen[id]++) {k = 0; while (k < n && i > m[k + 1]) k++; d[k]++}}
    END {for (k = 0; k <= n; k++) printf "%d ", d[k] + 0}'
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
declare -A launcher_of=() # base → standalone.sh's pid
# start_server BASE OFFSET EXTRA_ARGS...: in the background; the JVM's pid goes to BASE/server.pid.
start_server() {
  local base="$1" off="$2"
  shift 2
  JBOSS_PIDFILE="$base/server.pid" LAUNCH_JBOSS_IN_BACKGROUND=1 "$jboss_home/bin/standalone.sh" -c standalone-full.xml \
    -Djboss.server.base.dir="$base" -b 127.0.0.1 -Djboss.socket.binding.port-offset="$off" \
    -Dbench.smtp.port="$sink_port" -Dbench.sinkLog="$sink_out" ${pg_port:+-Dbench.pg.port="$pg_port"} "$@" \
    >> "$base/server.out" 2>&1 &
  launcher_of[$base]=$!
}
java_pid() { cat "$1/server.pid" 2> /dev/null || true; }
# Whether the server of BASE still runs (its launcher, which ends with the JVM).
server_alive() { [ -n "${launcher_of[$1]:-}" ] && kill -0 "${launcher_of[$1]}" 2> /dev/null; }
# Waits until the server of BASE is gone (killed, or halted by itself).
wait_server_gone() {
  local j
  if [ -n "${launcher_of[$1]:-}" ]; then
    wait "${launcher_of[$1]}" 2> /dev/null || true
    launcher_of[$1]=""
  fi
  j="$(java_pid "$1")"
  [ -n "$j" ] || return 0
  while kill -0 "$j" 2> /dev/null; do sleep 0.1; done
  # Gone: a later kill must not hit another process that got its pid.
  rm -f "$1/server.pid"
}
# Kills the server of BASE as a crash does and waits until its JVM is gone.
kill_server() {
  local j
  j="$(java_pid "$1")"
  [ -n "$j" ] && kill -9 "$j" 2> /dev/null || true
  wait_server_gone "$1"
}
# call OFFSET PATH [TIMEOUT]: GET on the bench war's API of the server at OFFSET.
call() { curl -sS --fail --max-time "${3:-30}" "http://127.0.0.1:$((8080 + $1))/msgstore-bench/api/$2"; }
# wait_ready BASE OFFSET [SINK_MARK]: bounded, until the bench war answers on that server (the
# deployment markers of a killed server are stale, so only failed ones count). With SINK_MARK, sets
# resumed to the instant the sink's count first goes beyond it (a restarted spooler may deliver
# before the war answers).
wait_ready() {
  local base="$1" off="$2" deadline=$((SECONDS + start_seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ -n "${3:-}" ] && [ -z "$resumed" ] && [ "$(sink_count)" -gt "$3" ] 2> /dev/null; then
      resumed="$(now)"
    fi
    call "$off" reliability/counts 5 > /dev/null 2>&1 && return 0
    if [ -e "$base/deployments/msgstore-bench.war.failed" ] || [ -e "$base/deployments/msgstore.rar.failed" ]; then
      echo "deployment failed: see $base/log/server.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "WildFly did not answer within $start_seconds s: see $base/log/server.log" >&2
  return 1
}
resumed=""
# Log lines of BASE's console output with code $2 (counted). The console, not server.log: it is
# appended to across restarts and never rotated (server.log is, at midnight).
log_count() {
  local n
  n="$(grep -c "$2" "$1/server.out" 2> /dev/null || true)"
  echo "${n:-0}"
}
log_lines() { wc -l < "$1/server.out" 2> /dev/null || echo 0; }
# The last line of BASE's console output with code $2 after its line $3.
last_log() { tail -n +"$(($3 + 1))" "$1/server.out" 2> /dev/null | grep "$2" | tail -n 1 || true; }
# The instant (epoch seconds) of a console line $1, from its HH:MM:SS,mmm (the machine's time zone),
# not before $2 (epoch seconds): a line after midnight is tomorrow's; empty without a time.
log_instant() {
  local at t
  at="$(grep -o '[0-9][0-9]:[0-9][0-9]:[0-9][0-9],[0-9][0-9][0-9]' <<< "$1" | head -n 1 | tr , . || true)"
  [ -n "$at" ] || return 0
  t="$(date -d "$(date +%F) $at" +%s.%N)"
  awk -v a="$t" -v b="$2" 'BEGIN {exit !(a < b)}' && t="$(date -d "$(date -d "$at tomorrow" +%F) $at" +%s.%N)"
  echo "$t"
}

servers=() # base directories to kill at exit
stop_all() {
  local b
  for b in "${servers[@]}"; do kill_server "$b"; done
  stop_sink
  stop_postgres
  stop_mariadb
}
trap stop_all EXIT
