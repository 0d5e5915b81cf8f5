#!/usr/bin/env bash
# The fault campaign of RELIABILITY.md, first scenario: kill -9 of WildFly while its spooler
# delivers a backlog. Not part of `mvn -B verify`. Reuses the benchmark harness: the same build
# (msgstore.rar and the bench war, -Pbench), the same WildFly configuration
# (benchmarks/src/main/wildfly/bench.cli, store-postgres.cli) plus wildfly/reliability.cli, and the
# bench war's /api/reliability endpoints. Everything it makes is under reliability/target.
#
# Per store: a fresh WildFly base directory (so a fresh embedded store) and a fresh smtp-sink whose
# -D dump file keeps every message it accepted. MESSAGES messages of mailbox "reliability" are
# submitted (transactions of 50), all due a few seconds after the submit ends, each filed into Sent
# Items when delivered. Once the sink has the first of them, KILLS times: wait a random delay
# (0.5 s .. KILL_MAX_SECONDS), kill -9 the server's JVM, start it again on the same base directory
# and node name, and time the recovery. Then wait (bounded) until the Outbox is empty and count:
#   committed   what the submit calls committed, checked against the store (Outbox + Sent Items)
#   sent        the Sent Items folder: must equal the committed count
#   received    distinct Message-IDs in the sink's dump: must equal the committed count
#   duplicates  copies beyond the first, by Message-ID, per kill (by where in the sink's dump the
#               copy lies): allowed only for the runs in flight at each kill, at most
#               spoolerBatchSize (20) per kill, and none before the first kill
# PASS or FAIL per store; the exit code is 1 when any store fails.
#
# Settings (environment variables; defaults in brackets):
#   STORE [h2]              h2 (embedded), postgres (a private cluster, the store by jdbcUrl), or
#                           both: "h2 postgres"
#   MESSAGES [10000]        messages submitted
#   KILLS [5]               kill -9 and restarts during the delivery
#   KILL_MAX_SECONDS [4]    longest random delay before each kill (from the previous restart's
#                           first delivery)
#   LEASE_MS [20000]        spoolerLeaseMs: how long a killed server's claimed messages stay locked
#   SPOOLER_THREADS [4]     spoolerThreads
#   SEED [random]           seeds bash's RANDOM, for repeatable kill moments
#   PORT_OFFSET [500]       WildFly port offset (HTTP 8580)
#   SINK_PORT [2626]        first port tried for the sink
#   START_SECONDS [300]     longest wait for a (re)start; DRAIN_SECONDS [900] for the final drain
#   MVN_ARGS [""]           extra Maven arguments for the build, e.g. -o; SKIP_BUILD=1 reuses it
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
stores="${STORE:-h2}"
messages="${MESSAGES:-10000}"
kills="${KILLS:-5}"
kill_max="${KILL_MAX_SECONDS:-4}"
lease_ms="${LEASE_MS:-20000}"
threads="${SPOOLER_THREADS:-4}"
offset="${PORT_OFFSET:-500}"
start_seconds="${START_SECONDS:-300}"
drain_seconds="${DRAIN_SECONDS:-900}"
seed="${SEED:-$((RANDOM * 32768 + RANDOM))}"
RANDOM="$seed"
# The README's bound for what one kill can send twice: the runs in flight, spoolerBatchSize messages
# claimed by one round (bench.cli keeps the default, 20).
in_flight_bound=20
http=$((8080 + offset))
api="http://127.0.0.1:$http/msgstore-bench/api/reliability"
bench="$root/benchmarks/target"
target="$root/reliability/target"
for s in $stores; do
  case "$s" in h2 | postgres) ;; *) echo "STORE: h2, postgres or \"h2 postgres\"" >&2 && exit 2 ;; esac
done

port_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
free_port_from() {
  local p="$1"
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}
now() { date +%s.%N; }
# Seconds from $1 to $2, one decimal.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
port_free "$http" || { echo "port $http is taken: set PORT_OFFSET" >&2; exit 2; }
sink="$(command -v smtp-sink || echo /usr/sbin/smtp-sink)"
[ -x "$sink" ] || { echo "needs Postfix's smtp-sink (apt-get install postfix)" >&2; exit 2; }

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "Building msgstore.rar and the bench war..."
  # shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
  mvn -B -q -Dstyle.color=never ${MVN_ARGS:-} -Pbench -DskipTests -pl benchmarks -am package
fi
jboss_home="$(ls -d "$bench"/wildfly-*/ | head -n 1)"
jboss_home="${jboss_home%/}"
mkdir -p "$target"

# State of the store being run, for cleanup.
server_pid=""   # standalone.sh
sink_pid=""
pg_bin=""
pg_data=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
java_pid() { cat "$base/server.pid" 2> /dev/null || true; }
stop_all() {
  local j
  j="$(java_pid)"
  [ -n "$j" ] && kill -9 "$j" 2> /dev/null || true
  [ -n "$server_pid" ] && wait "$server_pid" 2> /dev/null || true
  server_pid=""
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null || true
  sink_pid=""
  [ -n "$pg_bin" ] && as_postgres "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w -t 30 > /dev/null 2>&1 || true
  pg_bin=""
}
trap stop_all EXIT

# A private PostgreSQL cluster on loopback, as benchmarks/run.sh starts it: database "store".
start_postgres() {
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)"
  [ -n "$pg_bin" ] || { echo "needs PostgreSQL's binaries (apt-get install postgresql)" >&2; exit 2; }
  pg_data="$target/postgres/data"
  rm -rf "$target/postgres"
  mkdir -p "$target/postgres"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$target/postgres"
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U msgstore --auth=trust --encoding=UTF8 --locale=C > "$target/postgres-initdb.log"
  pg_port="$(free_port_from $((5432 + offset)))"
  cat >> "$pg_data/postgresql.conf" << PG
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = ''
max_prepared_transactions = 100
max_connections = 200
PG
  as_postgres "$pg_bin/pg_ctl" start -D "$pg_data" -l "$target/postgres/server.log" -w -t 60 > /dev/null
  "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U msgstore -d postgres -c "CREATE DATABASE store"
}

configure() {
  JAVA_OPTS="-Djboss.server.base.dir=$base" "$jboss_home/bin/jboss-cli.sh" --file="$1" > "$target/cli.log" 2>&1 || {
    cat "$target/cli.log" >&2
    exit 2
  }
}

# Messages the sink has accepted so far (smtp-sink -c writes "sess=N quit=N mesg=N" per message).
sink_count() { tr '\r' '\n' < "$sink_out" | grep -o 'mesg=[0-9]*' | tail -n 1 | cut -d= -f2 || true; }
call() { curl -sS --fail --max-time "${2:-30}" "$api/$1"; }
# Value of key $2 in the key=value line $1.
value() { echo "$1" | tr ' ' '\n' | grep "^$2=" | head -n 1 | cut -d= -f2; }

start_server() {
  JBOSS_PIDFILE="$base/server.pid" LAUNCH_JBOSS_IN_BACKGROUND=1 "$jboss_home/bin/standalone.sh" -c standalone-full.xml \
    -Djboss.server.base.dir="$base" -b 127.0.0.1 -Djboss.socket.binding.port-offset="$offset" \
    -Dbench.smtp.port="$sink_port" -Dbench.sinkLog="$sink_out" -Dbench.spoolerThreads="$threads" \
    -Dbench.store="$store" -Dreliability.leaseMs="$lease_ms" ${pg_port:+-Dbench.pg.port="$pg_port"} \
    >> "$base/server.out" 2>&1 &
  server_pid=$!
}
# Waits (bounded) until the war answers; the deployment markers of a killed server are stale.
# With $1, a sink count: sets resumed to the instant the sink first goes beyond it (the spooler
# may start delivering before the war answers).
wait_ready() {
  local deadline=$((SECONDS + start_seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ -n "${1:-}" ] && [ -z "$resumed" ] && [ "$(sink_count)" -gt "$1" ] 2> /dev/null; then
      resumed="$(now)"
    fi
    call counts 5 > /dev/null 2>&1 && return 0
    if [ -e "$base/deployments/msgstore-bench.war.failed" ] || [ -e "$base/deployments/msgstore.rar.failed" ]; then
      echo "deployment failed: see $base/log/server.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "WildFly did not answer within $start_seconds s: see $base/log/server.log" >&2
  return 1
}
# Waits (bounded, $2 s) until the sink's count exceeds $1; prints the instant, or nothing. With $3,
# also stops (printing nothing) once the store's Outbox is empty: the killed JVM had recorded
# everything it sent, so the new one has nothing to send.
wait_sink_above() {
  local deadline=$((SECONDS + $2)) polls=0
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$(sink_count)" -gt "$1" ] 2> /dev/null; then
      now
      return 0
    fi
    polls=$((polls + 1))
    if [ -n "${3:-}" ] && [ $((polls % 10)) = 0 ] && [ "$(value "$(call counts 30 || true)" outbox)" = 0 ]; then
      return 0
    fi
    sleep 0.1
  done
}

results="$target/results.md"
failed=0
for store in $stores; do
  echo "== kill -9 during delivery: STORE=$store MESSAGES=$messages KILLS=$kills SEED=$seed"
  base="$target/server-$store"
  rm -rf "$base"
  cp -r "$jboss_home/standalone" "$base"
  configure "$root/benchmarks/src/main/wildfly/bench.cli"
  [ "$store" = postgres ] && configure "$root/benchmarks/src/main/wildfly/store-postgres.cli"
  configure "$root/reliability/wildfly/reliability.cli"
  cp "$bench/msgstore.rar" "$bench/msgstore-bench.war" "$base/deployments/"
  pg_port=""
  [ "$store" = postgres ] && start_postgres

  sink_port="$(free_port_from "${SINK_PORT:-2626}")"
  sink_out="$target/sink-$store.out"
  dump="$target/sink-$store.dump"
  rm -f "$dump" "$sink_out"
  "$sink" -c -u "$(id -un)" -D "$dump" "127.0.0.1:$sink_port" 1000 > "$sink_out" 2>&1 &
  sink_pid=$!

  start_server
  resumed=""
  wait_ready || exit 2
  echo "WildFly up (HTTP $http), smtp-sink on $sink_port${pg_port:+, PostgreSQL on $pg_port}; submitting $messages messages..."
  # Due after the submit: ~2 ms per message under load, plus 5 s.
  submit="$(call "submit?messages=$messages&dueSeconds=$((5 + messages / 500))" 3600)"
  echo "submit: $submit"
  committed="$(value "$submit" committed)"
  counts="$(call counts 120)"
  in_store=$(($(value "$counts" outbox) + $(value "$counts" sent)))
  [ "$in_store" = "$committed" ] || echo "the store holds $in_store messages, the submit calls committed $committed" >&2
  start_delivery="$(wait_sink_above 0 120)"
  [ -n "$start_delivery" ] || { echo "no delivery within 120 s of the submit" >&2 && exit 2; }

  kill_rows=()
  marks=()
  last_restart=""
  for k in $(seq 1 "$kills"); do
    # A random delay in [0.5, kill_max] s, in tenths.
    r=$RANDOM # drawn here: a command substitution's subshell reseeds its own RANDOM
    delay="$(awk -v r="$r" -v m="$kill_max" 'BEGIN {printf "%.1f", 0.5 + (m - 0.5) * r / 32767}')"
    sleep "$delay"
    before="$(call counts 30 || echo "outbox=? sent=?")"
    j="$(java_pid)"
    t_kill="$(now)"
    kill -9 "$j"
    wait "$server_pid" 2> /dev/null || true
    # What the sink holds once the killed JVM is gone: any message after this is the new one's.
    at_kill="$(sink_count)"
    start_server
    resumed=""
    wait_ready "$at_kill" || exit 2
    t_ready="$(now)"
    last_restart="$t_ready"
    queued="$(value "$before" outbox)"
    if [ -z "$resumed" ] && [ "$queued" != 0 ]; then
      resumed="$(wait_sink_above "$at_kill" 120 outbox)"
    fi
    restart_s="$(elapsed "$t_kill" "$t_ready")"
    resume_s="n/a (queue empty)"
    [ -n "$resumed" ] && resume_s="$(elapsed "$t_kill" "$resumed")"
    if [ -z "$resumed" ] && [ "$queued" != 0 ]; then
      resume_s="no delivery within 120 s"
      [ "$(value "$(call counts 30 || true)" outbox)" = 0 ] && resume_s="n/a (nothing left to send)"
    fi
    echo "kill $k after ${delay} s: Outbox $queued, Sent Items $(value "$before" sent), sink $at_kill; answering again after $restart_s s, delivering after: $resume_s"
    kill_rows+=("| $store | $k | $delay | $queued | $(value "$before" sent) | $at_kill | $restart_s | $resume_s |")
    marks+=("$at_kill")
  done

  # The final drain, bounded: the Outbox empty (including the messages whose leases the kills left).
  deadline=$((SECONDS + drain_seconds))
  counts=""
  while [ "$SECONDS" -lt "$deadline" ]; do
    counts="$(call counts 30 || true)"
    [ "$(value "$counts" outbox)" = 0 ] && break
    sleep 1
  done
  t_drained="$(now)"
  outbox="$(value "$counts" outbox)"
  sent="$(value "$counts" sent)"
  sleep 2 # the last 250 replies reach nobody the sink still waits for: let its dump settle
  received="$(grep -ci '^Message-ID:' "$dump" || true)"
  distinct="$({ grep -i '^Message-ID:' "$dump" || true; } | sort -u | wc -l)"
  subjects="$({ grep '^Subject: Reliability message ' "$dump" || true; } | sort -u | wc -l)"
  duplicates=$((received - distinct))
  twice="$({ grep -i '^Message-ID:' "$dump" || true; } | sort | uniq -d | wc -l)"
  # Duplicates per kill: the sink dumps messages in the order it accepted them, and "sink at kill"
  # is how many it had when the killed JVM was gone, so a repeated Message-ID after the k-th mark
  # (and before the next) was sent again by the server restarted after kill k.
  per_kill="$({ grep -i '^Message-ID:' "$dump" || true; } | awk -v marks="${marks[*]}" '
    BEGIN {n = split(marks, m, " ")}
    {i++; id = tolower($0); if (seen[id]++) {k = 0; while (k < n && i > m[k + 1]) k++; d[k]++}}
    END {for (k = 0; k <= n; k++) printf "%d ", d[k] + 0}')"
  read -r -a dup_at <<< "$per_kill"
  lost_store=$((committed - ${sent:-0}))
  lost_sink=$((committed - distinct))
  verdict=PASS
  why=""
  [ "$committed" = "$messages" ] || why="$why; $((messages - committed)) submits failed"
  [ "$in_store" = "$committed" ] || why="$why; the store held $in_store after the submit"
  [ "${outbox:-?}" = 0 ] || why="$why; Outbox still holds ${outbox:-?} after $drain_seconds s"
  [ "${sent:-?}" = "$committed" ] || why="$why; Sent Items ${sent:-?} of $committed"
  [ "$distinct" = "$committed" ] || why="$why; the sink has $distinct distinct Message-IDs of $committed"
  [ "$subjects" = "$committed" ] || why="$why; the sink has $subjects distinct subjects of $committed"
  for k in "${!dup_at[@]}"; do
    if [ "$k" = 0 ]; then
      [ "${dup_at[0]}" = 0 ] || why="$why; ${dup_at[0]} duplicates before any kill"
    elif [ "${dup_at[$k]}" -gt "$in_flight_bound" ]; then
      why="$why; kill $k: ${dup_at[$k]} sent again, more than the $in_flight_bound a round has in flight"
    fi
  done
  [ -n "$why" ] && verdict="FAIL${why}" && failed=1
  summary="| $store | $messages | $committed | $kills | ${sent:-?} | $distinct | $lost_store / $lost_sink | $duplicates ($twice messages) | $(elapsed "$last_restart" "$t_drained") | $verdict |"
  {
    echo
    echo "<!-- $(date -u +%FT%TZ) STORE=$store MESSAGES=$messages KILLS=$kills KILL_MAX_SECONDS=$kill_max LEASE_MS=$lease_ms SPOOLER_THREADS=$threads SEED=$seed; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$root" rev-parse --short HEAD) -->"
    echo "| store | kill | after s | Outbox at kill | Sent Items at kill | sink at kill | kill → answering s | kill → delivering s | sent again after this kill |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for k in "${!kill_rows[@]}"; do echo "${kill_rows[$k]} ${dup_at[$((k + 1))]:-0} |"; done
    [ "${dup_at[0]:-0}" = 0 ] || echo "(${dup_at[0]} messages arrived twice before the first kill)"
    echo
    echo "| store | submitted | committed | kills | Sent Items | received (distinct Message-IDs) | lost (store / sink) | duplicates | last restart → Outbox empty s | verdict |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    echo "$summary"
  } | tee -a "$results"
  stop_all
done
echo "Results: $results"
exit "$failed"
