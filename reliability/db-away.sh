#!/usr/bin/env bash
# SCENARIO=db-away of reliability/run.sh (RELIABILITY.md, "The database goes away"): the store in
# the application's PostgreSQL datasource (dataSource mode, the benchmarks' STORE=appds: AppDS,
# non-XA, JTA, database "orders", the store's tables in schema "msgstore"), inside one WildFly, while
# callers submit and the spooler delivers. Per fault (FAULTS):
#   crash      PostgreSQL stopped as a crash stops it (pg_ctl stop -m immediate), started again
#              GAP_SECONDS later
#   terminate  every backend of the database ended (pg_terminate_backend), TERMINATIONS times one
#              second apart; the server itself stays up
# The callers: the bench war's /api/db-away/submit, MESSAGES messages "DbAway <fault> <n>" at RATE
# per second on SUBMITTERS threads, one per container transaction (the store's rows and nothing
# else), due at once; a refused one is submitted again 100 ms later, as an application retries. The
# fault comes once a quarter of them reached the sink. Measured per fault:
#   refused        submits refused, by the MAPI code of the MapiException the caller saw (or the
#                  exception's class when there was none), and the first and last refusal
#   resumed        database back -> the sink accepts a message again, and the longest pause in
#                  delivery around the fault (from a 0.2 s sample of the sink's count)
#   delivered      distinct subjects at the sink = MESSAGES (every committed message delivered)
#   duplicates     copies with a Message-ID already received (the spooler sent a message again)
#                  and subjects received under two Message-IDs (a submit the caller saw fail that
#                  had committed, then submitted again)
#   locked         queue rows with a lease once the queue is empty again (must be 0), and how long
#                  the drain took after the database was back (a message left locked waits for its
#                  lease: LEASE_MS, the default 5 minutes here)
# PASS when every message committed and was delivered, Sent Items grew by the messages queued,
# nothing is left queued or locked, and no message was sent again more than a round has in flight
# (spoolerBatchSize, 20); else FAIL and exit code 1. Everything is under reliability/target/db-away.
#
# Settings (environment variables; defaults in brackets): FAULTS ["crash terminate"], MESSAGES
# [2000], RATE [40], SUBMITTERS [2], GAP_SECONDS [10], TERMINATIONS [3], LEASE_MS [300000, the
# default spoolerLeaseMs], SPOOLER_THREADS [4], VALIDATION [match: validate-on-match; background:
# background validation every 10 s], PORT_OFFSET [800], SINK_PORT [2680], START_SECONDS [300],
# DRAIN_SECONDS [900], MVN_ARGS [""], SKIP_BUILD [""].
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
faults="${FAULTS:-crash terminate}"
messages="${MESSAGES:-2000}"
rate="${RATE:-40}"
submitters="${SUBMITTERS:-2}"
gap="${GAP_SECONDS:-10}"
terminations="${TERMINATIONS:-3}"
lease_ms="${LEASE_MS:-300000}"
threads="${SPOOLER_THREADS:-4}"
validation="${VALIDATION:-match}"
offset="${PORT_OFFSET:-800}"
start_seconds="${START_SECONDS:-300}"
drain_seconds="${DRAIN_SECONDS:-900}"
in_flight_bound=20
work="$root/reliability/target/db-away"
for f in $faults; do
  case "$f" in crash | terminate) ;; *) echo "FAULTS: crash, terminate or both" >&2 && exit 2 ;; esac
done
case "$validation" in match | background) ;; *) echo "VALIDATION: match or background" >&2 && exit 2 ;; esac
# shellcheck source=reliability/server-lib.sh
. "$root/reliability/server-lib.sh"
port_free $((8080 + offset)) || { echo "port $((8080 + offset)) is taken: set PORT_OFFSET" >&2; exit 2; }

build
start_postgres
sql postgres "CREATE DATABASE orders"
# As benchmarks/run.sh does: the cluster's user is named msgstore, so PostgreSQL's default
# search_path ("$user", public) would put the store's schema on the application's path.
sql postgres "ALTER ROLE msgstore IN DATABASE orders SET search_path = public"
base="$work/server"
new_base "$base"
cli_files=("$clis/bench.cli" "$clis/appdb-postgres.cli" "$clis/store-appds.cli"
  "$root/reliability/wildfly/reliability.cli" "$root/reliability/wildfly/db-away.cli")
[ "$validation" = background ] && cli_files+=("$root/reliability/wildfly/db-away-background.cli")
configure "$base" "${cli_files[@]}"
cp "$bench/msgstore.rar" "$bench/msgstore-bench.war" "$bench/postgresql.jar" "$base/deployments/"
start_sink "${SINK_PORT:-2680}"
servers=("$base")
start_server "$base" "$offset" -Dbench.spoolerThreads="$threads" -Dbench.store=appds -Dreliability.leaseMs="$lease_ms"
wait_ready "$base" "$offset" || exit 2
echo "WildFly up (HTTP $((8080 + offset))), smtp-sink on $sink_port, PostgreSQL on $pg_port; AppDS validation: $validation"

queue_rows() { sql orders "SELECT count(*) FROM msgstore.outgoing_queue" 2> /dev/null || echo "?"; }
locked_rows() { sql orders "SELECT count(*) FROM msgstore.outgoing_queue WHERE lock_owner IS NOT NULL" 2> /dev/null || echo "?"; }
sent_items() { value "$(call "$offset" reliability/counts 30 2> /dev/null || true)" sent; }
results="$work/results.md"
rows=()
samples_lines=()
failed=0

for fault in $faults; do
  prefix="DbAway $fault"
  echo "== $fault: $messages messages at ${rate}/s on $submitters threads"
  sent_before="$(sent_items)"
  warn_before="$(log_count "$base" MSGS3002)"
  unreleased_before="$(log_count "$base" MSGS3003)"
  sink_before="$(sink_count)"
  sink_before="${sink_before:-0}"
  samples="$work/samples-$fault.txt"
  (while :; do echo "$(now) $(sink_count)"; sleep 0.2; done) > "$samples" &
  sampler=$!
  call "$offset" "db-away/submit?messages=$messages&rate=$rate&concurrency=$submitters&prefix=${prefix// /+}" 1200 \
    > "$work/submit-$fault.out" 2>&1 &
  submit_pid=$!
  # The fault comes while callers submit and the spooler delivers: once a quarter reached the sink.
  deadline=$((SECONDS + 300))
  while [ "$(sink_count)" -lt $((sink_before + messages / 4)) ] 2> /dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  queued_at_fault="$(queue_rows)"
  locked_at_fault="$(locked_rows)"
  t_fault="$(now)"
  terminated=""
  if [ "$fault" = crash ]; then
    pg_crash
    sleep "$gap"
    pg_ctl_start
  else
    terminated=0
    for i in $(seq 1 "$terminations"); do
      n="$(sql postgres "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = 'orders' AND pid <> pg_backend_pid()")"
      terminated=$((terminated + n))
      [ "$i" = "$terminations" ] || sleep 1
    done
  fi
  t_up="$(now)"
  echo "$(stamp) $fault: database back after $(elapsed "$t_fault" "$t_up") s (queue $queued_at_fault, locked $locked_at_fault at the fault${terminated:+, $terminated backends terminated})"
  # The submits end by themselves (each refused one is retried until it commits; bounded by the
  # call's maxSeconds): then the queue drains, bounded.
  wait "$submit_pid" || true
  submit="$(cat "$work/submit-$fault.out")"
  t_submitted="$(now)"
  locked_30s=""
  deadline=$((SECONDS + drain_seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    q="$(queue_rows)"
    [ -z "$locked_30s" ] && [ "$(elapsed "$t_up" "$(now)" | cut -d. -f1)" -ge 30 ] && locked_30s="$(locked_rows)"
    [ "$q" = 0 ] && break
    sleep 1
  done
  t_drained="$(now)"
  sleep 2 # the last 250 replies: let the sink's dump settle
  kill "$sampler" 2> /dev/null || true
  wait "$sampler" 2> /dev/null || true
  queued_after="$(queue_rows)"
  locked_after="$(locked_rows)"
  [ -z "$locked_30s" ] && locked_30s="$locked_after"
  sent_after="$(sent_items)"
  # Delivery around the fault, from the sink's count every 0.2 s: back after the database was, and
  # the longest stretch without a new message from the fault until the end of the submits.
  read -r resumed pause < <(awk -v f="$t_fault" -v u="$t_up" -v e="$t_submitted" '
    NR == 1 {s = $1; c = $2 + 0; next}
    $2 + 0 > c {
      if ($1 >= u && r == "") r = $1 - u
      if ($1 >= f && $1 <= e + 1 && $1 - s > p) p = $1 - s
      s = $1; c = $2 + 0
    }
    END {printf "%s %.1f\n", (r == "" ? "none" : sprintf("%.1f", r)), p}' "$samples")
  pairs="$work/pairs-$fault.txt"
  dump_pairs | awk -F'\t' -v p="$prefix " 'index($2, p) == 1' > "$pairs"
  copies="$(wc -l < "$pairs")"
  ids="$(cut -f1 "$pairs" | sort -u | wc -l)"
  subjects="$(cut -f2 "$pairs" | sort -u | wc -l)"
  resent=$((copies - ids))
  resubmitted=$((ids - subjects))
  committed="$(value "$submit" committed)"
  refused="$(value "$submit" refused)"
  kinds="$(value "$submit" refusals)"
  first_refused="$(value "$submit" first_refused_ms)"
  last_refused="$(value "$submit" last_refused_ms)"
  window="none"
  [ "${first_refused:-0}" != 0 ] && window="$(awk -v f="$t_fault" -v a="$first_refused" -v b="$last_refused" 'BEGIN {printf "%+.1f..%+.1f s", a / 1000 - f, b / 1000 - f}')"
  warnings=$(($(log_count "$base" MSGS3002) - warn_before))
  unreleased=$(($(log_count "$base" MSGS3003) - unreleased_before))
  drain_s="$(elapsed "$t_up" "$t_drained")"
  why=""
  [ "${committed:-?}" = "$messages" ] || why="$why; ${committed:-?} of $messages committed ($(value "$submit" abandoned) abandoned)"
  [ "$subjects" = "$messages" ] || why="$why; the sink has $subjects distinct subjects of $messages"
  [ "$queued_after" = 0 ] || why="$why; the queue still holds $queued_after after $drain_seconds s"
  [ "$locked_after" = 0 ] || why="$why; $locked_after rows still locked"
  [ "$((${sent_after:-0} - ${sent_before:-0}))" = "$ids" ] || why="$why; Sent Items grew by $((${sent_after:-0} - ${sent_before:-0})), $ids messages queued"
  [ "$resent" -le "$in_flight_bound" ] || why="$why; $resent sent again, more than the $in_flight_bound a round has in flight"
  verdict=PASS
  [ -n "$why" ] && verdict="FAIL${why}" && failed=1
  echo "$fault: committed $committed, refused $refused ($kinds) between $window of the fault; delivering again ${resumed} s after the database was back (longest pause $pause s); received $subjects subjects, $copies copies ($resent sent again, $resubmitted submitted twice); locked 30 s after: $locked_30s; queue empty ${drain_s} s after the database was back: $verdict"
  grep '^sample ' <<< "$submit" || true
  rows+=("| $fault | $messages | ${committed:-?} | $(elapsed "$t_fault" "$t_up") | ${refused:-?} | ${kinds:-?} | $window | $resumed | $pause | $subjects | $resent | $resubmitted | $locked_30s | $drain_s | $queued_after / $locked_after | $warnings / $unreleased | $verdict |")
  samples_lines+=("$(grep '^sample ' <<< "$submit" | sed "s/^/* $fault: /" || true)")
done

{
  echo
  echo "<!-- $(date -u +%FT%TZ) SCENARIO=db-away FAULTS=\"$faults\" MESSAGES=$messages RATE=$rate SUBMITTERS=$submitters GAP_SECONDS=$gap TERMINATIONS=$terminations LEASE_MS=$lease_ms SPOOLER_THREADS=$threads VALIDATION=$validation; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$root" rev-parse --short HEAD) -->"
  echo "| fault | submitted | committed | database away s | refused submits | refused as | refusals (from the fault) | back → delivering s | longest delivery pause s | delivered (distinct subjects) | sent again (same Message-ID) | submitted twice | locked 30 s after | back → queue empty s | left queued / locked | MSGS3002 / MSGS3003 | verdict |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for r in "${rows[@]}"; do echo "$r"; done
  echo
  for s in "${samples_lines[@]}"; do [ -n "$s" ] && echo "$s"; done
} | tee -a "$results"
echo "Results: $results"
exit "$failed"
