#!/usr/bin/env bash
# SCENARIO=lease-takeback of reliability/run.sh (RELIABILITY.md, "A restarted node takes back its
# leases"): the kill scenario's restart, measured for what the lease would otherwise hold up, with
# the default spoolerLeaseMs (LEASE_MS, 300000: 5 minutes) rather than the kill scenario's 20 s.
# One WildFly, the store in a private PostgreSQL cluster by jdbcUrl (database "store", XA; bench.cli,
# store-postgres.cli, reliability.cli: the fixed node name "reliability-node", polls every second so
# the node's heartbeat is stale 3 s after its last beat).
#
# Take-back: MESSAGES messages submitted as one backlog; once it is delivered, KILLS times: wait a
# random delay (0.5 s .. KILL_MAX_SECONDS), kill -9 the server's JVM, read the queue rows locked at
# that moment (the killed run's claims, under the node's name, lease 5 minutes), start the server
# again, and time restart -> none of those rows left in the queue (each delivered and finished), and
# restart -> the war answers. The server log's MSGS3008 says how many leases the new incarnation
# released. Then the drain, and duplicates by Message-ID (at most spoolerBatchSize, 20, per kill).
#
# Guard (GUARD=1): while the first server runs, a second WildFly (SECOND_PORT_OFFSET) starts with the
# same node name on the same store (its own transaction node identifier). Expected: its spooler sees
# the first server's heartbeat go on and refuses to run (MSGS3010, then MSGS3007), the first server
# keeps its name (no MSGS3009) and delivers what both servers queue (the second one still submits),
# each message once.
#
# PASS when every kill's claimed messages were delivered within TAKEBACK_BOUND_SECONDS of the new
# incarnation taking the name (MSGS3008; before it, the restart is WildFly booting), the new incarnation released as many leases as were locked, every
# committed message was delivered once (repeats only within the kills' in-flight runs), and the
# guard refused the second server and sent nothing twice; else FAIL and exit code 1.
#
# Settings (defaults in brackets): MESSAGES [3000], KILLS [3], KILL_MAX_SECONDS [3], LEASE_MS
# [300000], TAKEBACK_BOUND_SECONDS [60], SPOOLER_THREADS [4], GUARD [1], GUARD_MESSAGES [500],
# PORT_OFFSET [800], SECOND_PORT_OFFSET [850], SINK_PORT [2680], START_SECONDS [300], DRAIN_SECONDS
# [900], SEED [random], MVN_ARGS [""], SKIP_BUILD [""].
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
messages="${MESSAGES:-3000}"
kills="${KILLS:-3}"
kill_max="${KILL_MAX_SECONDS:-3}"
lease_ms="${LEASE_MS:-300000}"
bound="${TAKEBACK_BOUND_SECONDS:-60}"
threads="${SPOOLER_THREADS:-4}"
guard="${GUARD:-1}"
guard_messages="${GUARD_MESSAGES:-500}"
offset="${PORT_OFFSET:-800}"
offset2="${SECOND_PORT_OFFSET:-850}"
start_seconds="${START_SECONDS:-300}"
drain_seconds="${DRAIN_SECONDS:-900}"
seed="${SEED:-$((RANDOM * 32768 + RANDOM))}"
RANDOM="$seed"
in_flight_bound=20
work="$root/reliability/target/lease-takeback"
# shellcheck source=reliability/server-lib.sh
. "$root/reliability/server-lib.sh"
port_free $((8080 + offset)) || { echo "port $((8080 + offset)) is taken: set PORT_OFFSET" >&2; exit 2; }

build
start_postgres
sql postgres "CREATE DATABASE store"
base="$work/server-1"
new_base "$base"
configure "$base" "$clis/bench.cli" "$clis/store-postgres.cli" "$root/reliability/wildfly/reliability.cli"
cp "$bench/msgstore.rar" "$bench/msgstore-bench.war" "$base/deployments/"
start_sink "${SINK_PORT:-2680}"
servers=("$base")
server_args=(-Dbench.spoolerThreads="$threads" -Dbench.store=postgres -Dreliability.leaseMs="$lease_ms")
start_server "$base" "$offset" "${server_args[@]}"
wait_ready "$base" "$offset" || exit 2
echo "WildFly up (HTTP $((8080 + offset))), smtp-sink on $sink_port, PostgreSQL on $pg_port; spoolerLeaseMs $lease_ms"

answers() { call "$1" reliability/counts 5 > /dev/null 2>&1; }

submit="$(call "$offset" "reliability/submit?messages=$messages&dueSeconds=$((5 + messages / 500))" 3600)"
echo "submit: $submit"
committed="$(value "$submit" committed)"
deadline=$((SECONDS + 120))
while [ "$(sink_count)" = 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
[ "$(sink_count)" != 0 ] || { echo "no delivery within 120 s of the submit" >&2 && exit 2; }

rows=()
marks=()
failed=0
why_all=""
for k in $(seq 1 "$kills"); do
  r=$RANDOM
  delay="$(random_delay "$r" "$kill_max")"
  sleep "$delay"
  t_kill="$(now)"
  kill_server "$base"
  at_kill="$(sink_count)"
  marks+=("$at_kill")
  ids="$(locked_ids)"
  locked=0
  [ -n "$ids" ] && locked="$(tr ',' '\n' <<< "$ids" | wc -l)"
  queued="$(queue_rows)"
  lines="$(log_lines "$base")"
  ij_before="$(log_count "$base" IJ000906)"
  t_start="$(now)"
  start_server "$base" "$offset" "${server_args[@]}"
  t_ready=""
  t_back=""
  deadline=$((SECONDS + bound + start_seconds))
  while [ "$SECONDS" -lt "$deadline" ] && { [ -z "$t_ready" ] || [ -z "$t_back" ]; }; do
    if [ -z "$t_back" ] && { [ -z "$ids" ] || [ "$(still_queued "$ids")" = 0 ]; }; then t_back="$(now)"; fi
    if [ -z "$t_ready" ] && answers "$offset"; then t_ready="$(now)"; fi
    sleep 0.2
  done
  [ -n "$t_ready" ] || wait_ready "$base" "$offset" || exit 2
  taken="$(last_log "$base" MSGS3008 "$lines")"
  released="$(grep -o 'released [0-9]*' <<< "$taken" | grep -o '[0-9]*' || true)"
  # When the new incarnation took the name (the console's time): the restart's own time before it
  # is WildFly booting, which the lease has nothing to do with.
  t_taken="$(log_instant "$taken" "$t_start")"
  waited="$(last_log "$base" MSGS3010 "$lines")"
  ij=$(($(log_count "$base" IJ000906) - ij_before))
  back_s="not within $((bound + start_seconds)) s"
  [ -n "$t_back" ] && back_s="$(elapsed "$t_start" "$t_back")"
  taken_s="?"
  [ -n "$t_back" ] && [ -n "$t_taken" ] && taken_s="$(elapsed "$t_taken" "$t_back")"
  why=""
  if [ -z "$t_back" ]; then
    why="; the killed run's $locked messages were not delivered"
  elif [ "$locked" != 0 ] && [ "$taken_s" = "?" ]; then
    why="; no MSGS3008 with a time"
  elif [ "$locked" != 0 ] && awk -v b="$taken_s" -v m="$bound" 'BEGIN {exit !(b > m)}'; then
    why="; the killed run's messages took $taken_s s after the take-over (bound $bound s)"
  fi
  [ "$locked" = 0 ] || [ "${released:-0}" = "$locked" ] || why="$why; released ${released:-none} leases, $locked were locked"
  [ -n "$why" ] && why_all="$why_all; kill $k$why"
  echo "kill $k after $delay s: queue $queued, $locked locked by the killed JVM; restart -> its messages delivered $back_s s (take-over -> delivered $taken_s s), -> answering $(elapsed "$t_start" "${t_ready:-$(now)}") s; MSGS3008 released ${released:-?}${waited:+ (waited: MSGS3010)}; IJ000906 x$ij${why:+: FAIL$why}"
  rows+=("| $k | $delay | $queued | $locked | ${released:-–} | $back_s | $taken_s | $(elapsed "$t_start" "${t_ready:-$(now)}") | $(elapsed "$t_kill" "${t_back:-$(now)}") | $([ -n "$waited" ] && echo yes || echo no) | $ij |")
done

# The drain, bounded.
deadline=$((SECONDS + drain_seconds))
while [ "$(queue_rows)" != 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 1; done
left="$(queue_rows)"
sleep 2
sent="$(value "$(call "$offset" reliability/counts 30 || true)" sent)"
ids_all="$(dump_pairs | awk -F'\t' 'index($2, "Reliability message ") == 1' | cut -f1)"
received="$(grep -c . <<< "$ids_all" || true)"
distinct="$(sort -u <<< "$ids_all" | grep -c . || true)"
read -r -a dup_at <<< "$(duplicates_per_mark "${marks[*]}")"
[ "$left" = 0 ] || why_all="$why_all; the queue still holds $left"
[ "$distinct" = "$committed" ] || why_all="$why_all; the sink has $distinct distinct Message-IDs of $committed"
[ "${sent:-?}" = "$committed" ] || why_all="$why_all; Sent Items ${sent:-?} of $committed"
[ "${dup_at[0]:-0}" = 0 ] || why_all="$why_all; ${dup_at[0]} duplicates before the first kill"
for k in $(seq 1 "$kills"); do
  [ "${dup_at[$k]:-0}" -le "$in_flight_bound" ] || why_all="$why_all; kill $k: ${dup_at[$k]} sent again"
done
verdict=PASS
[ -n "$why_all" ] && verdict="FAIL$why_all" && failed=1
summary="| $messages | $committed | $kills | ${sent:-?} | $distinct | $((received - distinct)) ($(for k in $(seq 1 "$kills"); do printf '%s ' "${dup_at[$k]:-0}"; done | sed 's/ $//; s/ / \/ /g')) | $left | $verdict |"
echo "take-back: $summary"

guard_rows=()
if [ "$guard" = 1 ]; then
  echo "== guard: a second server with node name reliability-node on the same store"
  base2="$work/server-2"
  new_base "$base2"
  configure "$base2" "$clis/bench.cli" "$clis/store-postgres.cli" "$root/reliability/wildfly/reliability.cli" \
    "$root/reliability/wildfly/second-server.cli"
  cp "$bench/msgstore.rar" "$bench/msgstore-bench.war" "$base2/deployments/"
  port_free $((8080 + offset2)) || { echo "port $((8080 + offset2)) is taken: set SECOND_PORT_OFFSET" >&2; exit 2; }
  mark="$(sink_count)"
  lost_before="$(log_count "$base" MSGS3009)"
  # A backlog for the first server to deliver while the second one starts.
  g1="$(call "$offset" "reliability/submit?messages=$guard_messages&dueSeconds=2" 600)"
  servers+=("$base2")
  t2="$(now)"
  start_server "$base2" "$offset2" "${server_args[@]}" -Djboss.tx.node.id=reliability-2
  wait_ready "$base2" "$offset2" || exit 2
  t2_ready="$(now)"
  deadline=$((SECONDS + 120))
  while [ "$(log_count "$base2" MSGS3007)" = 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  t2_refused="$(now)"
  wait_line="$(grep -m 1 MSGS3010 "$base2/server.out" || true)"
  refuse_line="$(grep -m 1 MSGS3007 "$base2/server.out" || true)"
  # The second server still submits: its messages are delivered by the first one.
  g2="$(call "$offset2" "reliability/submit?messages=$guard_messages&dueSeconds=1" 600)"
  expected=$(($(value "$g1" committed) + $(value "$g2" committed)))
  deadline=$((SECONDS + drain_seconds))
  while [ "$(queue_rows)" != 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 1; done
  sleep 2
  left2="$(queue_rows)"
  after="$({ grep -i '^Message-ID:' "$dump" || true; } | tail -n +"$((mark + 1))")"
  got="$(grep -c . <<< "$after" || true)"
  got_distinct="$(sort -u <<< "$after" | grep -c . || true)"
  lost_name=$(($(log_count "$base" MSGS3009) - lost_before))
  took_name="$(log_count "$base2" MSGS3008)"
  gwhy=""
  [ -n "$refuse_line" ] || gwhy="$gwhy; the second server did not refuse (no MSGS3007 within 120 s)"
  [ "$lost_name" = 0 ] || gwhy="$gwhy; the first server lost its name (MSGS3009)"
  [ "$took_name" = 0 ] || gwhy="$gwhy; the second server took the name (MSGS3008)"
  [ "$left2" = 0 ] || gwhy="$gwhy; the queue still holds $left2"
  [ "$got_distinct" = "$expected" ] || gwhy="$gwhy; $got_distinct of $expected messages delivered"
  [ "$got" = "$got_distinct" ] || gwhy="$gwhy; $((got - got_distinct)) sent twice"
  gverdict=PASS
  [ -n "$gwhy" ] && gverdict="FAIL$gwhy" && failed=1
  echo "second server: answering after $(elapsed "$t2" "$t2_ready") s, refused at $(elapsed "$t2" "$t2_refused") s; first server lost its name: $lost_name; delivered $got_distinct of $expected ($((got - got_distinct)) twice): $gverdict"
  echo "  $wait_line"
  echo "  $refuse_line"
  guard_rows+=("| $(elapsed "$t2" "$t2_ready") | $(elapsed "$t2" "$t2_refused") | $([ -n "$wait_line" ] && echo yes || echo no) | $([ -n "$refuse_line" ] && echo yes || echo no) | $lost_name | $expected | $got_distinct | $((got - got_distinct)) | $gverdict |")
  guard_logs=("$wait_line" "$refuse_line")
  kill_server "$base2"
fi

results="$work/results.md"
{
  echo
  echo "<!-- $(date -u +%FT%TZ) SCENARIO=lease-takeback MESSAGES=$messages KILLS=$kills KILL_MAX_SECONDS=$kill_max LEASE_MS=$lease_ms SPOOLER_THREADS=$threads SEED=$seed; $(nproc) cores, load $(load_average); commit $(git -C "$root" rev-parse --short HEAD) -->"
  echo "| kill | after s | queue at kill | locked by the killed JVM | leases released (MSGS3008) | restart → those delivered s | take-over (MSGS3008) → those delivered s | restart → answering s | kill → those delivered s | waited for a stale heartbeat (MSGS3010) | IJ000906 at this start |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for r in "${rows[@]}"; do echo "$r"; done
  echo
  echo "| submitted | committed | kills | Sent Items | received (distinct Message-IDs) | sent twice (per kill) | left queued | verdict |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "$summary"
  if [ "$guard" = 1 ]; then
    echo
    echo "| second server: start → answering s | start → refused s | MSGS3010 | MSGS3007 | first server lost its name (MSGS3009) | messages queued by both | delivered | sent twice | verdict |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for r in "${guard_rows[@]}"; do echo "$r"; done
    echo
    for l in "${guard_logs[@]}"; do echo "    $l"; done
  fi
} | tee -a "$results"
echo "Results: $results"
exit "$failed"
