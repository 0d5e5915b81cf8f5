#!/usr/bin/env bash
# The fault campaign of RELIABILITY.md on WildFly: SCENARIO=kill (the default), kill -9 of WildFly
# while its spooler delivers a backlog; SCENARIO=in-doubt, the JVM halted in the middle of a
# two-phase commit (below the first). Not part of `mvn -B verify`. Reuses the benchmark harness:
# the same build (msgstore.rar and the bench war, -Pbench), the same WildFly configuration
# (benchmarks/src/main/wildfly/bench.cli, store-postgres.cli) plus wildfly/reliability.cli, and the
# bench war's /api/reliability endpoints. Everything it makes is under reliability/target.
#
# SCENARIO=kill, per store: a fresh WildFly base directory (so a fresh embedded store) and a fresh smtp-sink whose
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
# SCENARIO=in-doubt (STORE is ignored): one WildFly on a private PostgreSQL cluster, the store by
# jdbcUrl (database "store", XA) and the business rows through the XA datasource BenchOrders
# (database "orders", benchmarks' appdb-postgres.cli), with wildfly/in-doubt.cli (recovery scans
# every 10 s). Each transaction of /api/reliability/in-doubt inserts a business row, submits one
# message and enlists the bench war's HaltingXAResource, which halts the JVM
#   PREPARE  in its prepare, enlisted last: both real branches prepared, no decision logged; after
#            the restart the recovery manager must roll both back (presumed abort): no business
#            row, nothing queued or delivered
#   COMMIT   in its commit, enlisted first: the decision logged, neither real branch committed;
#            after the restart the recovery manager must commit both: the business row, and the
#            message delivered exactly once
# IN_DOUBT_RUNS times each, after one control transaction that does not halt. Per run: the
# branches prepared at the halt (must be 2), halt -> answering and halt -> nothing left in
# pg_prepared_xacts (bounded: RECOVERY_SECONDS), business rows, copies the sink received, Outbox,
# Sent Items. PASS or FAIL per case; the exit code is 1 when any run fails.
#
# SCENARIO=two-servers-kill and SCENARIO=submit-only run two WildFly servers on one PostgreSQL store,
# each in a script of its own (their settings are there): two-servers-kill.sh, one server killed
# while both deliver and the other finishing the queue; submit-only.sh, commit → accepted from a
# submit-only server to a spooler on the other, with the NOTIFY/LISTEN wake-up and with the poll.
#
# SCENARIO=db-away and SCENARIO=lease-takeback are scripts of their own too (db-away.sh: PostgreSQL
# crash-restarted and the store's backends terminated under the application's datasource;
# lease-takeback.sh: the killed node's leases after a restart with the default lease, and a second
# server with the same node name); their settings are in their headers.
#
# SCENARIO=payara-kill: the kill scenario on Payara 6 instead of WildFly, in payara-kill.sh (its
# header lists what it does and its settings; STORE is ignored, the store is the embedded H2).
#
# Settings (environment variables; defaults in brackets):
#   SCENARIO [kill]         kill, in-doubt, two-servers-kill, submit-only, db-away, lease-takeback
#                           or payara-kill
#   IN_DOUBT_RUNS [3]       in-doubt: runs of each case (PREPARE, COMMIT)
#   RECOVERY_SECONDS [300]  in-doubt: longest wait, from the halt, for pg_prepared_xacts to empty
#   STORE [h2]              kill: h2 (embedded), postgres (a private cluster, the store by
#                           jdbcUrl), or both: "h2 postgres"
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
scenario="${SCENARIO:-kill}"
# The scenarios with scripts of their own; kill and in-doubt are below.
case "$scenario" in
  two-servers-kill | submit-only | db-away | lease-takeback | payara-kill)
    exec "$root/reliability/$scenario.sh"
    ;;
  payara-two-servers-kill | payara-in-doubt)
    exec "$root/reliability/$scenario.sh"
    ;;
  kill | in-doubt) ;;
  *)
    echo "SCENARIO: kill, in-doubt, two-servers-kill, submit-only, db-away, lease-takeback, payara-kill," \
      "payara-two-servers-kill or payara-in-doubt" >&2
    exit 2
    ;;
esac
in_doubt_runs="${IN_DOUBT_RUNS:-3}"
recovery_seconds="${RECOVERY_SECONDS:-300}"
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

# The second scenario (SCENARIO=in-doubt): transactions left in doubt by a JVM halted in the middle
# of the two-phase commit. One WildFly on one private PostgreSQL cluster: the store by jdbcUrl
# (database "store", XA) and the business rows through the XA datasource BenchOrders (database
# "orders", appdb-postgres.cli), so each transaction of /api/reliability/in-doubt has two real XA
# branches plus the bench war's HaltingXAResource.
sql() { "$pg_bin/psql" -X -A -t -q -h 127.0.0.1 -p "$pg_port" -U msgstore -d "$1" -c "$2"; }
prepared_count() { sql postgres "SELECT count(*) FROM pg_prepared_xacts"; }
# "orders:1 store:1": the prepared transactions per database.
prepared_where() { sql postgres "SELECT string_agg(database || ':' || n, ' ' ORDER BY database) FROM (SELECT database, count(*) n FROM pg_prepared_xacts GROUP BY database) p"; }
business_rows() { sql orders "SELECT count(*) FROM bench_order WHERE subject = '$1'"; }
sink_has() { { tr -d '\r' 2> /dev/null < "$dump" || true; } | grep -c "^Subject: $1\$" || true; }
halts_logged() { grep -c "reliability: halting the JVM in $1" "$base/server.out" 2> /dev/null || true; }

# One transaction halted at $1 (PREPARE or COMMIT) and the restart after it; appends a table row
# and sets failed when the outcome is not the one the transaction manager's log decides.
in_doubt_run() {
  local moment="$1" run="$2" subject answer halts_before t_gone at_halt where t_ready t_resolved
  local rows_seen received counts outbox sent expect_rows expect_received recovery why=""
  subject="In-doubt $moment $run"
  halts_before="$(halts_logged "$moment")"
  answer="$(call "in-doubt?halt=$moment&subject=${subject// /+}" 120 2> /dev/null || true)"
  if [ -n "$answer" ]; then
    why="; the transaction committed without halting ($answer)"
  else
    # The call ends when the JVM does; bounded, in case it failed without halting.
    local gone=$((SECONDS + 60))
    while kill -0 "$server_pid" 2> /dev/null && [ "$SECONDS" -lt "$gone" ]; do sleep 0.2; done
    kill -0 "$server_pid" 2> /dev/null && why="; the call failed and the JVM lives on" && kill -9 "$(java_pid)"
    wait "$server_pid" 2> /dev/null || true
  fi
  t_gone="$(now)"
  [ "$(halts_logged "$moment")" -gt "$halts_before" ] || why="$why; no halt in $moment in server.out"
  at_halt="$(prepared_count)"
  where="$(prepared_where)"
  [ "$at_halt" = 2 ] || why="$why; $at_halt branches prepared at the halt (${where:-none}), not 2"
  if [ -z "$answer" ]; then
    start_server
    resumed=""
    wait_ready || exit 2
  fi
  t_ready="$(now)"
  # The restarted server's recovery manager resolves the prepared branches: bounded wait.
  local deadline=$((SECONDS + recovery_seconds))
  while [ "$(prepared_count)" != 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 1; done
  t_resolved="$(now)"
  left="$(prepared_count)"
  recovery="$(elapsed "$t_gone" "$t_resolved")"
  [ "$left" = 0 ] || { why="$why; $left still prepared ($(prepared_where)) after $recovery_seconds s"; recovery="> $recovery"; }
  if [ "$moment" = COMMIT ]; then
    expect_rows=1
    expect_received=1
    expected_sent=$((expected_sent + 1))
    # Delivered: the spooler polls every second once the store's branch is committed.
    deadline=$((SECONDS + 60))
    while [ "$(sink_has "$subject")" = 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  else
    expect_rows=0
    expect_received=0
    # Nothing to wait for: give a message that should not exist three spooler polls to show up.
    sleep 3
  fi
  deadline=$((SECONDS + 60))
  counts=""
  while [ "$SECONDS" -lt "$deadline" ]; do
    counts="$(call counts 30 || true)"
    [ "$(value "$counts" outbox)" = 0 ] && [ "$(value "$counts" sent)" = "$expected_sent" ] && break
    sleep 0.5
  done
  sleep 1 # a second copy, if the spooler made one, reaches the sink's dump
  outbox="$(value "$counts" outbox)"
  sent="$(value "$counts" sent)"
  rows_seen="$(business_rows "$subject")"
  received="$(sink_has "$subject")"
  [ "$rows_seen" = "$expect_rows" ] || why="$why; $rows_seen business rows, expected $expect_rows"
  [ "$received" = "$expect_received" ] || why="$why; the sink received it $received times, expected $expect_received"
  [ "${outbox:-?}" = 0 ] || why="$why; Outbox ${outbox:-?}"
  [ "${sent:-?}" = "$expected_sent" ] || why="$why; Sent Items ${sent:-?}, expected $expected_sent"
  local verdict=PASS
  [ -n "$why" ] && verdict="FAIL${why}" && failed=1
  echo "$moment $run: prepared at the halt ${where:-none}; answering again after $(elapsed "$t_gone" "$t_ready") s, nothing prepared after $recovery s; business rows $rows_seen, received $received, Outbox ${outbox:-?}, Sent Items ${sent:-?}: $verdict"
  in_doubt_rows+=("| $moment | $run | ${where:-none} | $(elapsed "$t_gone" "$t_ready") | $recovery | $left | $rows_seen | $received | ${outbox:-?} | $verdict |")
  [ "$verdict" = PASS ] && passes["$moment"]=$((${passes["$moment"]:-0} + 1))
  return 0
}

in_doubt() {
  store=postgres
  echo "== in-doubt transactions: IN_DOUBT_RUNS=$in_doubt_runs per case, WildFly with the store and the business rows on PostgreSQL (XA)"
  base="$target/server-in-doubt"
  rm -rf "$base"
  cp -r "$jboss_home/standalone" "$base"
  local cli="$root/benchmarks/src/main/wildfly"
  configure "$cli/bench.cli"
  configure "$cli/store-postgres.cli"
  configure "$cli/appdb-postgres.cli"
  configure "$root/reliability/wildfly/reliability.cli"
  configure "$root/reliability/wildfly/in-doubt.cli"
  cp "$bench/msgstore.rar" "$bench/msgstore-bench.war" "$bench/postgresql.jar" "$base/deployments/"
  start_postgres
  "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U msgstore -d postgres -c "CREATE DATABASE orders"

  sink_port="$(free_port_from "${SINK_PORT:-2626}")"
  sink_out="$target/sink-in-doubt.out"
  dump="$target/sink-in-doubt.dump"
  rm -f "$dump" "$sink_out"
  "$sink" -c -u "$(id -un)" -D "$dump" "127.0.0.1:$sink_port" 1000 > "$sink_out" 2>&1 &
  sink_pid=$!
  start_server
  resumed=""
  wait_ready || exit 2
  echo "WildFly up (HTTP $http), smtp-sink on $sink_port, PostgreSQL on $pg_port"

  # The control: the same transaction without a halt commits its three branches.
  expected_sent=0
  local answer deadline
  answer="$(call "in-doubt?halt=none&subject=In-doubt+control" 120 || true)"
  deadline=$((SECONDS + 60))
  while [ "$(sink_has "In-doubt control")" = 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  if [ "$answer" != "committed=1" ] || [ "$(business_rows "In-doubt control")" != 1 ] || [ "$(sink_has "In-doubt control")" != 1 ]; then
    echo "the control transaction did not commit its business row and message: ${answer:-no answer}" >&2
    exit 2
  fi
  expected_sent=1
  echo "control: committed, business row 1, delivered 1"

  in_doubt_rows=()
  declare -gA passes=()
  for moment in PREPARE COMMIT; do
    for run in $(seq 1 "$in_doubt_runs"); do in_doubt_run "$moment" "$run"; done
  done

  # What the transaction manager said about the branches, and what its log still holds.
  local codes log_left
  codes="$({ grep -o 'ARJUNA0[0-9]*' "$base/log/server.log" || true; } | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
  log_left="$({ find "$base/data/tx-object-store" -path '*AtomicAction*' -type f 2> /dev/null || true; } | wc -l)"
  {
    echo
    echo "<!-- $(date -u +%FT%TZ) SCENARIO=in-doubt IN_DOUBT_RUNS=$in_doubt_runs RECOVERY_SECONDS=$recovery_seconds; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$root" rev-parse --short HEAD) -->"
    echo "| halt in | run | prepared at the halt (database:branches) | halt → answering s | halt → nothing prepared s | left prepared | business rows | received | Outbox | verdict |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for r in "${in_doubt_rows[@]}"; do echo "$r"; done
    echo
    for moment in PREPARE COMMIT; do
      local p="${passes[$moment]:-0}" v=PASS
      [ "$p" = "$in_doubt_runs" ] || v=FAIL
      echo "* halt in $moment: $v, $p of $in_doubt_runs runs as the log decides"
    done
    echo "* the transaction manager's messages (server.log): ${codes:-none}; entries left in its log: $log_left"
  } | tee -a "$results"
  stop_all
}

results="$target/results.md"
failed=0
if [ "$scenario" = in-doubt ]; then
  in_doubt
  echo "Results: $results"
  exit "$failed"
fi
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
