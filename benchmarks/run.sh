#!/usr/bin/env bash
# One command for BENCHMARKS.md: builds msgstore.rar and the benchmark war (-Pbench), unpacks
# WildFly 39.0.1.Final (standalone-full, for Artemis) into benchmarks/target, configures it with
# src/main/wildfly/*.cli, starts Postfix's smtp-sink on loopback (and PostgreSQL when asked), starts
# WildFly, and runs the selected parts through curl; the rows go to stdout and
# benchmarks/target/results.md, followed by the ratios between the paths.
#
# Settings (environment variables; defaults in brackets):
#   RUNS [3]              runs per cell; every number is the median of the runs
#   BENCH_SECONDS [10]    seconds of submitting per run (submit, growth)
#   CONCURRENCY ["1 4 16"] calling threads of the submit cells; also the raw SMTP connections
#   PARTS ["submit raw drain long growth"] which tables to run:
#     submit  MsgStore, JMS + MDB, Jakarta Mail in the tx (and, with APPDB=postgres, the
#             hand-written outbox): tx/s, commit p50/p99, end to end, commit→accepted p50/p99/max,
#             CPU s per 1,000 messages
#     raw     raw SMTP capacity over N reused connections, to the sink with the dump pipe and to a
#             second sink without it (what the latency probe costs the sink)
#     drain   backlog drain: DRAIN_MESSAGES due at one instant, delivery alone (MsgStore, JMS + MDB
#             and, with APPDB=postgres, the outbox)
#     long    LONG_MESSAGES submitted at LONG_CONCURRENCY → all accepted, then a run paced open
#             loop at half of that end-to-end rate for HALF_SECONDS (MsgStore and JMS + MDB)
#     growth  MsgStore submit and drain while GROWTH_WAITING messages wait in the queue
#     priority  urgent mail behind a bulk send (not in the default PARTS): PRIORITY_BULK messages
#             due at one instant, then probes paced at PRIORITY_RATE per second while they drain,
#             each its own transaction; probe commit→accepted p50/p99/max and the drain rate, for
#             non-urgent bulk with urgent probes, with normal probes, and all normal (plain FIFO)
#   DRAIN_MESSAGES [4000] messages of a backlog drain run
#   LONG_MESSAGES [100000] messages of the long run; LONG_MAX_SECONDS [600] caps its submitting
#   LONG_CONCURRENCY [16] calling threads of the long and half-of-peak runs; LONG_RUNS [1]
#   HALF_SECONDS [60]     length of the half-of-peak run
#   GROWTH_WAITING ["1000 100000"] waiting-message counts (add 1000000 if the fill time allows:
#                         the growth row reports it); GROWTH_CONCURRENCY [4]; GROWTH_DRAIN [2000]
#   PRIORITY_BULK [20000] bulk messages of the priority part; PRIORITY_RATE [10] its probes per second
#   PRIORITY_FILL_MS [2]  ms allowed per bulk message to queue them all (plus 5 s) before they come due
#                         (about 10,000 msg/s on a quiet machine; a fill that runs late is flagged)
#   STORE [h2]            MsgStore's store: h2 (embedded), postgres (its own database through
#                         jdbcUrl, two-phase commit with the business rows) or appds (needs
#                         APPDB=postgres: the application's non-XA datasource AppDS, which the
#                         MsgStore path's business rows then use too: one phase)
#   APPDB [h2]            the business rows' XA datasource: h2 or postgres
#                         (postgres: a private cluster under benchmarks/target/postgres on a free
#                         loopback port; Debian's postgresql is installed with apt when missing;
#                         also defines AppDS on the same database and adds the outbox path)
#   SPOOLER_THREADS [4]   MsgStore spoolerThreads
#   PORT_OFFSET [300]     WildFly port offset (HTTP 8080 + offset)
#   SINK_PORT [2526]      first port tried for the sink; the plain sink takes the next free one
#   MVN_ARGS [""]         extra Maven arguments for the build, e.g. -o (offline)
#   PG_PROFILE [""]       1: load pg_stat_statements into the private PostgreSQL cluster and write,
#                         per drain path, its statements by total execution time to
#                         benchmarks/target/pg-profile-drain-<path>.txt (costs a little per statement)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-3}"
seconds="${BENCH_SECONDS:-10}"
concurrency="${CONCURRENCY:-1 4 16}"
offset="${PORT_OFFSET:-300}"
threads="${SPOOLER_THREADS:-4}"
drain_messages="${DRAIN_MESSAGES:-4000}"
long_messages="${LONG_MESSAGES:-100000}"
long_max_seconds="${LONG_MAX_SECONDS:-600}"
long_concurrency="${LONG_CONCURRENCY:-16}"
long_runs="${LONG_RUNS:-1}"
half_seconds="${HALF_SECONDS:-60}"
growth_waiting="${GROWTH_WAITING:-1000 100000}"
growth_concurrency="${GROWTH_CONCURRENCY:-4}"
growth_drain="${GROWTH_DRAIN:-2000}"
store="${STORE:-h2}"
appdb="${APPDB:-h2}"
parts="${PARTS:-submit raw drain long growth}"
# MsgStore's smtpSessions (its default, not set by bench.cli): the raw SMTP row it is compared with.
smtp_sessions=4
part() { [[ " $parts " == *" $1 "* ]]; }
http=$((8080 + offset))
target="$root/benchmarks/target"
case "$store$appdb" in h2h2 | h2postgres | postgresh2 | postgrespostgres | appdspostgres) ;; *)
  echo "STORE is h2, postgres or appds; APPDB is h2 or postgres; STORE=appds needs APPDB=postgres" >&2
  exit 1
  ;;
esac
# The paths of the submit and drain tables: the outbox needs AppDS, which APPDB=postgres defines.
submit_paths="msgstore jms mail"
drain_paths="msgstore jms"
if [ "$appdb" = postgres ]; then
  submit_paths="$submit_paths outbox"
  drain_paths="$drain_paths outbox"
fi

port_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
free_port_from() {
  local p="$1"
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}

sink="$(command -v smtp-sink || true)"
[ -z "$sink" ] && [ -x /usr/sbin/smtp-sink ] && sink=/usr/sbin/smtp-sink
if [ -z "$sink" ]; then
  echo "Installing Postfix for its smtp-sink (the postfix service is not started)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix > /dev/null
  sink=/usr/sbin/smtp-sink
fi
sink_port="$(free_port_from "${SINK_PORT:-2526}")"
plain_sink_port="$(free_port_from $((sink_port + 1)))"
port_free "$http" || { echo "port $http is taken: set PORT_OFFSET" >&2; exit 1; }

echo "Building msgstore.rar and the benchmark war (the first run downloads WildFly from Maven Central)..."
# shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
mvn -B -q -Dstyle.color=never ${MVN_ARGS:-} -Pbench -DskipTests -pl benchmarks -am package
jboss_home="$(ls -d "$target"/wildfly-*/ | head -n 1)"
jboss_home="${jboss_home%/}"
base="$target/bench-server"
rm -rf "$base"
cp -r "$jboss_home/standalone" "$base"
configure() {
  JAVA_OPTS="-Djboss.server.base.dir=$base" "$jboss_home/bin/jboss-cli.sh" \
    --file="$root/benchmarks/src/main/wildfly/$1" > "$target/bench-cli.log" 2>&1 || {
    cat "$target/bench-cli.log" >&2
    exit 1
  }
}
configure bench.cli
[ "$store" = postgres ] && configure store-postgres.cli
[ "$appdb" = postgres ] && configure appdb-postgres.cli && cp "$target/postgresql.jar" "$base/deployments/"
[ "$store" = appds ] && configure store-appds.cli
cp "$target/msgstore.rar" "$target/msgstore-bench.war" "$base/deployments/"

server_pid=""
dump_dir=""
sink_pid=""
plain_sink_pid=""
pg_bin=""
pg_data="$target/postgres/data"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2> /dev/null && wait "$server_pid" 2> /dev/null || true
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null || true
  [ -n "$plain_sink_pid" ] && kill "$plain_sink_pid" 2> /dev/null || true
  [ -n "$dump_dir" ] && rm -rf "$dump_dir"
  [ -n "$pg_bin" ] && as_postgres "$pg_bin/pg_ctl" stop -D "$pg_data" -m immediate -w -t 30 > /dev/null 2>&1 || true
}
trap cleanup EXIT

# PostgreSQL: a private cluster like the store tests' (impl PostgresCluster): initdb as the postgres
# user when we are root, loopback only, max_prepared_transactions for XA, databases store and orders
# (STORE=appds: the store's tables are in schema msgstore of orders, and store stays empty).
pg_port=""
pg_pid=""
if [ "$store" = postgres ] || [ "$appdb" = postgres ]; then
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)"
  if [ -z "$pg_bin" ]; then
    echo "Installing PostgreSQL (its system service is not used)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  rm -rf "$target/postgres"
  mkdir -p "$target/postgres"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$target/postgres"
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U msgstore --auth=trust --encoding=UTF8 --locale=C --no-sync > "$target/postgres-initdb.log"
  pg_port="$(free_port_from $((5432 + offset)))"
  cat >> "$pg_data/postgresql.conf" << EOF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = ''
max_prepared_transactions = 100
max_connections = 200
EOF
  if [ -n "${PG_PROFILE:-}" ]; then
    printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\n" >> "$pg_data/postgresql.conf"
  fi
  as_postgres "$pg_bin/pg_ctl" start -D "$pg_data" -l "$target/postgres/server.log" -w -t 60 > /dev/null
  for db in store orders; do "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U msgstore -d postgres -c "CREATE DATABASE $db"; done
  # The cluster's user is named msgstore, so PostgreSQL's default search_path ("$user", public) would
  # put the store's schema msgstore in front of the application's tables in orders; MsgStore refuses
  # that in dataSource mode. The application's connections to orders search public only.
  "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U msgstore -d postgres -c "ALTER ROLE msgstore IN DATABASE orders SET search_path = public"
  pg_pid="$(head -n 1 "$pg_data/postmaster.pid")"
fi

# The sink: smtp-sink -D appends each message to the dump pipe at the end of its DATA, before the
# 250 reply; the war reads the pipe and stamps each message (commit → accepted latency). A second,
# plain smtp-sink serves the raw capacity comparison only.
sink_log="$target/smtp-sink.out"
# tmpfs: smtp-sink writes each message to a temporary file beside the pipe before copying it in.
dump_dir="/dev/shm/msgstore-bench-sink-$sink_port"
rm -rf "$dump_dir"
mkdir -p "$dump_dir"
mkfifo "$dump_dir/dump.fifo"
"$sink" -c -u "$(id -un)" -D "$dump_dir/dump.fifo" "127.0.0.1:$sink_port" 1000 > "$sink_log" 2>&1 &
sink_pid=$!
"$sink" -u "$(id -un)" "127.0.0.1:$plain_sink_port" 1000 > "$target/smtp-sink-plain.out" 2>&1 &
plain_sink_pid=$!

PREPEND_JAVA_OPTS="${EXTRA_JAVA_OPTS:-}" LAUNCH_JBOSS_IN_BACKGROUND=1 "$jboss_home/bin/standalone.sh" -c standalone-full.xml \
  -Djboss.server.base.dir="$base" -b 127.0.0.1 -Djboss.socket.binding.port-offset="$offset" \
  -Dbench.smtp.port="$sink_port" -Dbench.sinkLog="$sink_log" -Dbench.spoolerThreads="$threads" \
  -Dbench.sinkDump="$dump_dir/dump.fifo" -Dbench.sinkPid="$sink_pid" -Dbench.store="$store" \
  ${pg_port:+-Dbench.pg.port="$pg_port" -Dbench.dbPid="$pg_pid"} \
  > "$target/server.out" 2>&1 &
server_pid=$!
echo "WildFly (pid $server_pid, HTTP $http), smtp-sink (pid $sink_pid, port $sink_port; plain: $plain_sink_port)${pg_port:+, PostgreSQL (port $pg_port)}: starting..."
for _ in $(seq 1 180); do
  [ -e "$base/deployments/msgstore-bench.war.deployed" ] && break
  if [ -e "$base/deployments/msgstore-bench.war.failed" ] || [ -e "$base/deployments/msgstore.rar.failed" ]; then
    echo "deployment failed: see $base/log/server.log" >&2
    exit 1
  fi
  sleep 1
done
[ -e "$base/deployments/msgstore-bench.war.deployed" ] || { echo "WildFly did not come up (see $base/log/server.log)" >&2; exit 1; }

api="http://127.0.0.1:$http/msgstore-bench/api"
call() { curl -sS --fail-with-body --max-time 7200 "$api/$1"; }

echo "Warming up (discarded)..."
for path in $submit_paths; do call "cell?path=$path&concurrency=4&seconds=5&runs=1" > /dev/null; done
call "raw?connections=4&seconds=3&runs=1" > /dev/null

out="$target/results.md"
rows="$target/rows"
rm -rf "$rows"
mkdir -p "$rows"
{
  echo "<!-- $(date -u +%FT%TZ) RUNS=$runs BENCH_SECONDS=$seconds SPOOLER_THREADS=$threads STORE=$store APPDB=$appdb PARTS=\"$parts\" -->"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB;" \
    "$(java -version 2>&1 | head -n 1); WildFly $(basename "$jboss_home"); store $store, business rows $appdb${pg_bin:+ (PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'))}; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
cell_header() {
  echo
  echo "| $1 | concurrency | offered msg/s | runs | committed (all runs) | tx/s (median) | commit p50 ms | commit p99 ms | end-to-end msg/s | commit→accepted p50 ms | commit→accepted p99 ms | commit→accepted max ms | CPU s per 1k msg: total (server + sink [+ PostgreSQL]) | SMTP sessions per msg | errors | load (1 min) per run |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
}
# Runs one call, shows its row and keeps it in $rows/$1 for the ratios.
record() { call "$2" | tee -a "$out" "$rows/$1"; }
# PG_PROFILE: pg_stat_statements emptied before a path's runs and written out after them.
pg_psql() { "$pg_bin/psql" -q -X -h 127.0.0.1 -p "$pg_port" -U msgstore -d orders "$@"; }
pg_profile_reset() {
  [ -n "${PG_PROFILE:-}" ] && [ -n "${pg_bin:-}" ] || return 0
  pg_psql -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" > /dev/null
}
pg_profile_write() {
  [ -n "${PG_PROFILE:-}" ] && [ -n "${pg_bin:-}" ] || return 0
  pg_psql -c "SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 200) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 40" > "$target/pg-profile-$1.txt"
}

if part submit; then
  cell_header path | tee -a "$out"
  for c in $concurrency; do
    for path in $submit_paths; do
      record submit "cell?path=$path&concurrency=$c&seconds=$seconds&runs=$runs"
    done
  done
fi
if part raw; then
  {
    echo
    echo "| raw SMTP | connections | runs | msg/s (median) | load (1 min) per run |"
    echo "|---|---|---|---|---|"
  } | tee -a "$out"
  for c in $concurrency; do
    record raw "raw?connections=$c&seconds=$seconds&runs=$runs&label=raw%20SMTP"
    record raw "raw?connections=$c&seconds=$seconds&runs=$runs&port=$plain_sink_port&label=raw%20SMTP,%20sink%20without%20dump"
  done
fi
if part drain; then
  {
    echo
    echo "| backlog drain | messages | runs | submit s | drain s | msg/s (median) | CPU s per 1k msg: total (server + sink [+ PostgreSQL]) | SMTP sessions per msg | load (1 min) per run |"
    echo "|---|---|---|---|---|---|---|---|---|"
  } | tee -a "$out"
  for path in $drain_paths; do
    pg_profile_reset
    record drain "drain?path=$path&messages=$drain_messages&concurrency=16&runs=$runs"
    pg_profile_write "drain-$path"
  done
fi
# Column N (1-based, as in the tables) of the row of file $1 whose first two columns are $2 and $3.
# $3 "*" matches any second column.
column() { awk -F'|' -v a="$2" -v b="$3" -v n="$4" '{gsub(/ /, "", $2); gsub(/ /, "", $3)} $2 == a && ($3 == b || b == "*") {v = $(n + 1); gsub(/ /, "", v); print v; exit}' "$rows/$1" 2> /dev/null; }
if part long; then
  cell_header "long run: $long_messages messages or $long_max_seconds s of submitting" | tee -a "$out"
  for path in msgstore jms; do
    record long "cell?path=$path&concurrency=$long_concurrency&messages=$long_messages&seconds=$long_max_seconds&runs=$long_runs&drainSeconds=1800"
  done
  cell_header "half of peak: paced at half the long run's end-to-end msg/s for $half_seconds s" | tee -a "$out"
  for path in msgstore jms; do
    peak="$(column long "$path" "$long_concurrency" 9)"
    half="$(awk -v p="$peak" 'BEGIN {if (p + 0 > 0) printf "%.1f", p / 2}')"
    if [ -z "$half" ]; then
      echo "| $path | $long_concurrency | n/a: the long run has no end-to-end rate |" | tee -a "$out"
      continue
    fi
    record half "cell?path=$path&concurrency=$long_concurrency&rate=$half&seconds=$half_seconds&runs=$runs"
  done
fi
if part growth; then
  {
    echo
    echo "| waiting messages | fill s | fill msg/s | removal s | drain of $growth_drain msg/s (median) | drain CPU s per 1k msg | path | concurrency | offered msg/s | runs | committed (all runs) | tx/s (median) | commit p50 ms | commit p99 ms | end-to-end msg/s | commit→accepted p50 ms | commit→accepted p99 ms | commit→accepted max ms | CPU s per 1k msg: total (server + sink [+ PostgreSQL]) | SMTP sessions per msg | errors | load (1 min) per run |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  } | tee -a "$out"
  for w in $growth_waiting; do
    record growth "growth?waiting=$w&concurrency=$growth_concurrency&seconds=$seconds&drainMessages=$growth_drain&runs=$runs"
  done
fi
if part priority; then
  priority_bulk="${PRIORITY_BULK:-20000}"
  priority_rate="${PRIORITY_RATE:-10}"
  priority_fill_ms="${PRIORITY_FILL_MS:-2}"
  {
    echo
    echo "| bulk lane | probes' lane | bulk messages | fill s | probes ($priority_rate/s while the bulk drains) | probe commit→accepted p50 ms | probe commit→accepted p99 ms | probe commit→accepted max ms | drain s (bulk and probes, from the due instant) | drain msg/s | load (1 min) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
  } | tee -a "$out"
  # PR_PRIORITY of the bulk and of the probes: urgent behind non-urgent (the target: p99 ≤ 100 ms),
  # normal behind non-urgent, and the plain FIFO comparison (all normal: submit order).
  for lanes in "-1 1" "-1 0" "0 0"; do
    read -r bulk_priority probe_priority <<< "$lanes"
    for _ in $(seq 1 "$runs"); do
      record priority "priority?bulk=$priority_bulk&bulkPriority=$bulk_priority&probePriority=$probe_priority&probeRate=$priority_rate&fillMsPerMessage=$priority_fill_ms"
    done
  done
fi

# Ratios from the rows above: a / b to two decimals, n/a when either is missing.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "n/a"}'; }
# Issue 15's targets for MsgStore on the application's datasource, at 16 callers: " (target ≥ $1)"
# when STORE=appds and the concurrency $2 is 16 (or "-", a drain), else nothing.
target() { if [ "$store" = appds ] && { [ "$2" = 16 ] || [ "$2" = - ]; }; then echo " (target ≥ $1)"; fi; }
outbox() { [[ " $submit_paths " == *" outbox "* ]]; }
{
  echo
  echo "| ratio | value |"
  echo "|---|---|"
  if part submit; then
    for c in $concurrency; do
      echo "| submit tx/s, MsgStore / JMS+MDB, concurrency $c$(target 2.5 "$c") | $(ratio "$(column submit msgstore "$c" 6)" "$(column submit jms "$c" 6)") |"
      echo "| end to end msg/s, MsgStore / JMS+MDB, concurrency $c$(target 3 "$c") | $(ratio "$(column submit msgstore "$c" 9)" "$(column submit jms "$c" 9)") |"
      echo "| CPU s per 1k msg, MsgStore / JMS+MDB, concurrency $c | $(ratio "$(column submit msgstore "$c" 13)" "$(column submit jms "$c" 13)") |"
      if outbox; then
        echo "| submit tx/s, MsgStore / outbox, concurrency $c$(target 0.9 "$c") | $(ratio "$(column submit msgstore "$c" 6)" "$(column submit outbox "$c" 6)") |"
        echo "| end to end msg/s, MsgStore / outbox, concurrency $c$(target 1.5 "$c") | $(ratio "$(column submit msgstore "$c" 9)" "$(column submit outbox "$c" 9)") |"
        echo "| CPU s per 1k msg, MsgStore / outbox, concurrency $c | $(ratio "$(column submit msgstore "$c" 13)" "$(column submit outbox "$c" 13)") |"
        echo "| submit tx/s, outbox / JMS+MDB, concurrency $c | $(ratio "$(column submit outbox "$c" 6)" "$(column submit jms "$c" 6)") |"
      fi
      if part raw; then
        echo "| end to end msg/s, MsgStore / raw SMTP over $smtp_sessions connections (the spooler's SMTP sessions), concurrency $c | $(ratio "$(column submit msgstore "$c" 9)" "$(column raw "rawSMTP" "$smtp_sessions" 4)") |"
        if outbox; then
          echo "| end to end msg/s, outbox / raw SMTP over $smtp_sessions connections (the relay's connections), concurrency $c | $(ratio "$(column submit outbox "$c" 9)" "$(column raw "rawSMTP" "$smtp_sessions" 4)") |"
        fi
      fi
    done
  fi
  if part raw; then
    for c in $concurrency; do
      echo "| raw SMTP msg/s, sink with dump pipe / without, $c connections | $(ratio "$(column raw rawSMTP "$c" 4)" "$(column raw "rawSMTP,sinkwithoutdump" "$c" 4)") |"
    done
  fi
  if part drain; then
    echo "| drain msg/s, MsgStore / JMS+MDB | $(ratio "$(column drain msgstore "$drain_messages" 6)" "$(column drain jms "$drain_messages" 6)") |"
    if outbox; then
      echo "| drain msg/s, MsgStore / outbox | $(ratio "$(column drain msgstore "$drain_messages" 6)" "$(column drain outbox "$drain_messages" 6)") |"
    fi
    if part raw; then
      echo "| drain msg/s, MsgStore / raw SMTP over $smtp_sessions connections$(target 0.7 -) | $(ratio "$(column drain msgstore "$drain_messages" 6)" "$(column raw rawSMTP "$smtp_sessions" 4)") |"
      if outbox; then
        echo "| drain msg/s, outbox / raw SMTP over $smtp_sessions connections | $(ratio "$(column drain outbox "$drain_messages" 6)" "$(column raw rawSMTP "$smtp_sessions" 4)") |"
      fi
    fi
  fi
  if part long; then
    echo "| long run end to end msg/s, MsgStore / JMS+MDB | $(ratio "$(column long msgstore "$long_concurrency" 9)" "$(column long jms "$long_concurrency" 9)") |"
    echo "| half of peak commit→accepted p99, MsgStore / JMS+MDB | $(ratio "$(column half msgstore "$long_concurrency" 11)" "$(column half jms "$long_concurrency" 11)") |"
    echo "| half of peak commit→accepted p99 ms, MsgStore (target ≤ 50) | $(column half msgstore "$long_concurrency" 11) |"
  fi
  if part growth; then
    first="$(echo "$growth_waiting" | awk '{print $1}')"
    for w in $growth_waiting; do
      [ "$w" = "$first" ] && continue
      # Cost per message is 1 / rate, so cost(w) / cost(first) = rate(first) / rate(w); target ≤ 1.5.
      echo "| queue growth, submit cost with $w waiting / with $first waiting (target ≤ 1.5) | $(ratio "$(column growth "$first" "*" 12)" "$(column growth "$w" "*" 12)") |"
      echo "| queue growth, drain cost with $w waiting / with $first waiting (target ≤ 1.5) | $(ratio "$(column growth "$first" "*" 5)" "$(column growth "$w" "*" 5)") |"
    done
  fi
} | tee -a "$out"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); smtp-sink accepted $(tr '\r' '\n' < "$sink_log" | tail -n 1)" | tee -a "$out"
echo "Results: $out"
