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
# SCENARIO=in-doubt: one WildFly on a private PostgreSQL cluster, the business rows through the XA
# datasource BenchOrders (database "orders", benchmarks' appdb-postgres.cli) and the store, per STORE
# (default postgres), on that cluster by jdbcUrl (database "store", XA), on the embedded H2 (its
# XA), or on a private MariaDB server by jdbcUrl (port MARIADB_PORT, database "store", MariaDB's
# XA; wildfly/store-mariadb.cli), with wildfly/in-doubt.cli (recovery scans every 10 s). Each
# transaction of /api/reliability/in-doubt inserts a business row, submits one message and enlists
# the bench war's HaltingXAResource, which halts the JVM
#   PREPARE  in its prepare, enlisted last: both real branches prepared, no decision logged; after
#            the restart the recovery manager must roll both back (presumed abort): no business
#            row, nothing queued or delivered
#   COMMIT   in its commit, enlisted first: the decision logged, neither real branch committed;
#            after the restart the recovery manager must commit both: the business row, and the
#            message delivered exactly once
# IN_DOUBT_RUNS times each, after one control transaction that does not halt. Per run: the
# branches prepared at the halt (must be 2: one in "orders", one in the store), halt -> answering
# and halt -> nothing left prepared (bounded: RECOVERY_SECONDS), business rows, copies the sink
# received, Outbox, Sent Items. PASS or FAIL per case; the exit code is 1 when any run fails. The
# store's prepared branches: PostgreSQL's pg_prepared_xacts; MariaDB's XA RECOVER; H2's
# INFORMATION_SCHEMA.IN_DOUBT, read from a copy of the database file while the JVM is gone (H2
# from the rar, run with java) and through the bench war (/api/reliability/store-in-doubt, a
# session on the embedded database the adapter has open) while the server runs.
#
# SCENARIO=two-servers-kill and SCENARIO=submit-only run two WildFly servers on one PostgreSQL store,
# each in a script of its own (their settings are there): two-servers-kill.sh, one server killed
# while both deliver and the other finishing the queue (RESTART=1: the killed one restarted under
# its node name, taking its leases back; VICTIM=both: both killed and restarted); submit-only.sh,
# commit → accepted from a submit-only server to a spooler on the other, with the NOTIFY/LISTEN
# wake-up and with the poll.
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
#   RECOVERY_SECONDS [300]  in-doubt: longest wait, from the halt, for nothing left prepared
#   STORE [h2]              kill: h2 (embedded), postgres (a private cluster, the store by
#                           jdbcUrl), or both: "h2 postgres"
#                           in-doubt [postgres]: postgres, h2, mariadb, or several: "postgres h2"
#   MARIADB_PORT [3350]     in-doubt with STORE=mariadb: the private MariaDB server's port
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
[ "$scenario" = in-doubt ] && stores="${STORE:-postgres}"
maria_first_port="${MARIADB_PORT:-3350}"
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
target="$root/reliability/target"
work="$target"
for s in $stores; do
  if [ "$scenario" = in-doubt ]; then
    case "$s" in postgres | h2 | mariadb) ;; *) echo "STORE (in-doubt): postgres, h2, mariadb, or several: \"postgres h2 mariadb\"" >&2 && exit 2 ;; esac
  else
    case "$s" in h2 | postgres) ;; *) echo "STORE: h2, postgres or \"h2 postgres\"" >&2 && exit 2 ;; esac
  fi
done
# shellcheck source=reliability/server-lib.sh
. "$root/reliability/server-lib.sh"
port_free "$http" || { echo "port $http is taken: set PORT_OFFSET" >&2; exit 2; }
build

# The server of the store being run: its base directory (see server-lib.sh for the rest).
base=""
start() {
  local extra=()
  [ "$store" = mariadb ] && extra=(-Dreliability.mariadb.port="$maria_port")
  start_server "$base" "$offset" -Dbench.spoolerThreads="$threads" -Dbench.store="$store" \
    -Dreliability.leaseMs="$lease_ms" "${extra[@]}"
}
# Waits (bounded) until the sink's count exceeds $1; prints the instant, or nothing. With $3,
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
    if [ -n "${3:-}" ] && [ $((polls % 10)) = 0 ] && [ "$(value "$(call "$offset" reliability/counts 30 || true)" outbox)" = 0 ]; then
      return 0
    fi
    sleep 0.1
  done
}

# The second scenario (SCENARIO=in-doubt): transactions left in doubt by a JVM halted in the middle
# of the two-phase commit. One WildFly and one private PostgreSQL cluster: the business rows through
# the XA datasource BenchOrders (database "orders", appdb-postgres.cli), the store per STORE, so each
# transaction of /api/reliability/in-doubt has two real XA branches plus the bench war's
# HaltingXAResource.
#
# The store's branches prepared and undecided, by store: PostgreSQL's pg_prepared_xacts (database
# "store"), MariaDB's XA RECOVER, H2's INFORMATION_SCHEMA.IN_DOUBT (while the server runs through
# the bench war, which opens a session on the database the adapter has open; while it is gone from
# a copy of the database file, opened with the H2 of the rar). "?" when it cannot be read.
store_prepared() {
  case "$store" in
    postgres) sql postgres "SELECT count(*) FROM pg_prepared_xacts WHERE database = 'store'" 2> /dev/null || echo "?" ;;
    mariadb) maria_prepared_count 2> /dev/null || echo "?" ;;
    h2)
      if server_alive "$base"; then
        value "$(call "$offset" reliability/store-in-doubt 30 2> /dev/null || true)" in_doubt | grep . || echo "?"
      else
        h2_file_in_doubt
      fi
      ;;
  esac
}
h2_file_in_doubt() {
  local copy="$work/h2-copy" jar
  rm -rf "$copy"
  mkdir -p "$copy"
  cp "$base/data/msgstore/msgstore.mv.db" "$copy/" 2> /dev/null || { echo "?" && return 0; }
  jar="$(ls "$work"/h2-jar/h2-*.jar 2> /dev/null | head -n 1)"
  java -cp "$jar" org.h2.tools.Shell -url "jdbc:h2:file:$copy/msgstore;IFEXISTS=TRUE" -user "" -password "" \
    -sql "SELECT 'in_doubt=' || COUNT(*) FROM INFORMATION_SCHEMA.IN_DOUBT" 2> "$work/h2-shell.err" \
    | grep -o 'in_doubt=[0-9]*' | cut -d= -f2 | grep . || echo "?"
}
orders_prepared() { sql postgres "SELECT count(*) FROM pg_prepared_xacts WHERE database = 'orders'" 2> /dev/null || echo "?"; }
prepared_count() {
  local o s
  o="$(orders_prepared)"
  s="$(store_prepared)"
  if [ "$o" = "?" ] || [ "$s" = "?" ]; then echo "?"; else echo $((o + s)); fi
}
# "orders:1 store:1": the prepared branches per database (those with any; "?" when unreadable).
prepared_where() {
  local o s w=""
  o="$(orders_prepared)"
  s="$(store_prepared)"
  [ "$o" = 0 ] || w="orders:$o"
  [ "$s" = 0 ] || w="${w:+$w }store:$s"
  echo "$w"
}
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
  answer="$(call "$offset" "reliability/in-doubt?halt=$moment&subject=${subject// /+}" 120 2> /dev/null || true)"
  if [ -n "$answer" ]; then
    why="; the transaction committed without halting ($answer)"
  else
    # The call ends when the JVM does; bounded, in case it failed without halting.
    local gone=$((SECONDS + 60))
    while server_alive "$base" && [ "$SECONDS" -lt "$gone" ]; do sleep 0.2; done
    server_alive "$base" && why="; the call failed and the JVM lives on" && kill -9 "$(java_pid "$base")"
    wait_server_gone "$base"
  fi
  t_gone="$(now)"
  [ "$(halts_logged "$moment")" -gt "$halts_before" ] || why="$why; no halt in $moment in server.out"
  at_halt="$(prepared_count)"
  where="$(prepared_where)"
  [ "$at_halt" = 2 ] || why="$why; $at_halt branches prepared at the halt (${where:-none}), not 2"
  if [ -z "$answer" ]; then
    start
    resumed=""
    wait_ready "$base" "$offset" || exit 2
  fi
  t_ready="$(now)"
  # The restarted server's recovery manager resolves the prepared branches: bounded wait.
  # When the store's count cannot be read ("?"), only the business database's is waited for.
  local deadline=$((SECONDS + recovery_seconds))
  while :; do
    left="$(prepared_count)"
    [ "$left" = 0 ] && break
    [ "$left" = "?" ] && [ "$(orders_prepared)" = 0 ] && break
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 1
  done
  t_resolved="$(now)"
  recovery="$(elapsed "$t_gone" "$t_resolved")"
  if [ "$left" = "?" ]; then
    recovery="$recovery (orders only: the store's count unreadable)"
  elif [ "$left" != 0 ]; then
    why="$why; $left still prepared ($(prepared_where)) after $recovery_seconds s"
    recovery="> $recovery"
  fi
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
    counts="$(call "$offset" reliability/counts 30 || true)"
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
  in_doubt_rows+=("| $store | $moment | $run | ${where:-none} | $(elapsed "$t_gone" "$t_ready") | $recovery | $left | $rows_seen | $received | ${outbox:-?} | $verdict |")
  [ "$verdict" = PASS ] && passes["$moment"]=$((${passes["$moment"]:-0} + 1))
  return 0
}

in_doubt() {
  echo "== in-doubt transactions: STORE=$store IN_DOUBT_RUNS=$in_doubt_runs per case, WildFly with the business rows on PostgreSQL (XA)"
  base="$target/server-in-doubt"
  [ "$store" = postgres ] || base="$target/server-in-doubt-$store"
  new_base "$base"
  servers=("$base")
  local cli_files=("$clis/bench.cli")
  [ "$store" = postgres ] && cli_files+=("$clis/store-postgres.cli")
  [ "$store" = mariadb ] && cli_files+=("$root/reliability/wildfly/store-mariadb.cli")
  cli_files+=("$clis/appdb-postgres.cli" "$root/reliability/wildfly/reliability.cli" "$root/reliability/wildfly/in-doubt.cli")
  configure "$base" "${cli_files[@]}"
  cp "$bench/msgstore.rar" "$bench/msgstore-bench.war" "$bench/postgresql.jar" "$base/deployments/"
  start_postgres
  sql postgres "CREATE DATABASE orders"
  [ "$store" = postgres ] && sql postgres "CREATE DATABASE store"
  if [ "$store" = mariadb ]; then
    start_mariadb "$maria_first_port"
    maria_sql "" "CREATE DATABASE store"
  fi
  if [ "$store" = h2 ]; then
    # The H2 the adapter runs, to read a copy of its database while the server is gone.
    rm -rf "$work/h2-jar"
    unzip -q -o -j "$bench/msgstore.rar" 'h2-*.jar' -d "$work/h2-jar"
  fi

  start_sink "${SINK_PORT:-2626}" "sink-in-doubt-$store"
  start
  resumed=""
  wait_ready "$base" "$offset" || exit 2
  echo "WildFly up (HTTP $http), smtp-sink on $sink_port, PostgreSQL on $pg_port${maria_home:+, MariaDB on $maria_port}"

  # The control: the same transaction without a halt commits its three branches.
  expected_sent=0
  local answer deadline
  answer="$(call "$offset" "reliability/in-doubt?halt=none&subject=In-doubt+control" 120 || true)"
  deadline=$((SECONDS + 60))
  while [ "$(sink_has "In-doubt control")" = 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  if [ "$answer" != "committed=1" ] || [ "$(business_rows "In-doubt control")" != 1 ] || [ "$(sink_has "In-doubt control")" != 1 ]; then
    echo "the control transaction did not commit its business row and message: ${answer:-no answer}" >&2
    exit 2
  fi
  expected_sent=1
  echo "control: committed, business row 1, delivered 1; the store's prepared branches read as $(store_prepared)"

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
    echo "<!-- $(date -u +%FT%TZ) SCENARIO=in-doubt STORE=$store IN_DOUBT_RUNS=$in_doubt_runs RECOVERY_SECONDS=$recovery_seconds; $(nproc) cores, load $(load_average); commit $(git -C "$root" rev-parse --short HEAD) -->"
    echo "| store | halt in | run | prepared at the halt (database:branches) | halt → answering s | halt → nothing prepared s | left prepared | business rows | received | Outbox | verdict |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for r in "${in_doubt_rows[@]}"; do echo "$r"; done
    echo
    for moment in PREPARE COMMIT; do
      local p="${passes[$moment]:-0}" v=PASS
      [ "$p" = "$in_doubt_runs" ] || v=FAIL
      echo "* $store, halt in $moment: $v, $p of $in_doubt_runs runs as the log decides"
    done
    echo "* the transaction manager's messages (server.log): ${codes:-none}; entries left in its log: $log_left"
  } | tee -a "$results"
  stop_all
}

results="$target/results.md"
failed=0
if [ "$scenario" = in-doubt ]; then
  for store in $stores; do in_doubt; done
  echo "Results: $results"
  exit "$failed"
fi
for store in $stores; do
  echo "== kill -9 during delivery: STORE=$store MESSAGES=$messages KILLS=$kills SEED=$seed"
  base="$target/server-$store"
  new_base "$base"
  servers=("$base")
  cli_files=("$clis/bench.cli")
  [ "$store" = postgres ] && cli_files+=("$clis/store-postgres.cli")
  configure "$base" "${cli_files[@]}" "$root/reliability/wildfly/reliability.cli"
  cp "$bench/msgstore.rar" "$bench/msgstore-bench.war" "$base/deployments/"
  pg_port=""
  if [ "$store" = postgres ]; then
    start_postgres
    sql postgres "CREATE DATABASE store"
  fi

  start_sink "${SINK_PORT:-2626}" "sink-$store"
  start
  resumed=""
  wait_ready "$base" "$offset" || exit 2
  echo "WildFly up (HTTP $http), smtp-sink on $sink_port${pg_port:+, PostgreSQL on $pg_port}; submitting $messages messages..."
  # Due after the submit: ~2 ms per message under load, plus 5 s.
  submit="$(call "$offset" "reliability/submit?messages=$messages&dueSeconds=$((5 + messages / 500))" 3600)"
  echo "submit: $submit"
  committed="$(value "$submit" committed)"
  counts="$(call "$offset" reliability/counts 120)"
  in_store=$(($(value "$counts" outbox) + $(value "$counts" sent)))
  [ "$in_store" = "$committed" ] || echo "the store holds $in_store messages, the submit calls committed $committed" >&2
  start_delivery="$(wait_sink_above 0 120)"
  [ -n "$start_delivery" ] || { echo "no delivery within 120 s of the submit" >&2 && exit 2; }

  kill_rows=()
  marks=()
  last_restart=""
  for k in $(seq 1 "$kills"); do
    r=$RANDOM # drawn here: a command substitution's subshell reseeds its own RANDOM
    delay="$(random_delay "$r" "$kill_max")"
    sleep "$delay"
    before="$(call "$offset" reliability/counts 30 || echo "outbox=? sent=?")"
    t_kill="$(now)"
    kill_server "$base"
    # What the sink holds once the killed JVM is gone: any message after this is the new one's.
    at_kill="$(sink_count)"
    start
    resumed=""
    wait_ready "$base" "$offset" "$at_kill" || exit 2
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
      [ "$(value "$(call "$offset" reliability/counts 30 || true)" outbox)" = 0 ] && resume_s="n/a (nothing left to send)"
    fi
    echo "kill $k after ${delay} s: Outbox $queued, Sent Items $(value "$before" sent), sink $at_kill; answering again after $restart_s s, delivering after: $resume_s"
    kill_rows+=("| $store | $k | $delay | $queued | $(value "$before" sent) | $at_kill | $restart_s | $resume_s |")
    marks+=("$at_kill")
  done

  # The final drain, bounded: the Outbox empty (including the messages whose leases the kills left).
  deadline=$((SECONDS + drain_seconds))
  counts=""
  while [ "$SECONDS" -lt "$deadline" ]; do
    counts="$(call "$offset" reliability/counts 30 || true)"
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
  read -r -a dup_at <<< "$(duplicates_per_mark "${marks[*]}")"
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
    echo "<!-- $(date -u +%FT%TZ) STORE=$store MESSAGES=$messages KILLS=$kills KILL_MAX_SECONDS=$kill_max LEASE_MS=$lease_ms SPOOLER_THREADS=$threads SEED=$seed; $(nproc) cores, load $(load_average); commit $(git -C "$root" rev-parse --short HEAD) -->"
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
