#!/usr/bin/env bash
# SCENARIO=payara-kill of RELIABILITY.md (run it as `SCENARIO=payara-kill ./reliability/run.sh`, or
# directly): kill -9 of the Payara 6 server JVM while its spooler delivers a backlog, the WildFly
# scenario "kill" on Payara. Not part of `mvn -B verify`. Everything it makes is under
# reliability/target/payara.
#
# A fresh Payara domain "reliability" (create-domain --portbase PORTBASE: admin PORTBASE+48, HTTP
# PORTBASE+80, every other port moved with it), configured with asadmin as the README's "Deploy and
# configure on Payara" does: the resource-adapter config (STORE=h2: the embedded H2 store in the
# domain's directory; STORE=postgres: the store in database "store" of a private PostgreSQL cluster
# on PG_PORT by jdbcUrl, as store-postgres.cli does on WildFly; the spooler polling every second, SPOOLER_THREADS threads, a short spoolerLeaseMs and a
# fixed nodeName, so every restart is the same node coming back), msgstore.rar, an XA connector
# pool and the resource eis/MsgStore, and the war of reliability/payara/src (compiled here with
# javac against the Jakarta EE API and msgstore-api), whose /api/reliability endpoints submit and
# count as the bench war's do on WildFly. A fresh smtp-sink whose -D dump keeps every message it
# accepted. MESSAGES messages of mailbox "reliability" are submitted (4 parallel calls, container
# transactions of 50), all due a few seconds after the submit ends, each filed into Sent Items when
# delivered. Once the sink has the first, KILLS times: wait a random delay (0.5 s ..
# KILL_MAX_SECONDS), kill -9 the server's JVM (the domain's config/pid), start the domain again
# (asadmin start-domain) and time the recovery. Then wait (bounded) until the Outbox is empty and
# count:
#   committed   what the submit calls committed, checked against the store (Outbox + Sent Items)
#   sent        the Sent Items folder: must equal the committed count
#   received    distinct Message-IDs in the sink's dump (and distinct subjects): must equal it
#   duplicates  copies beyond the first, by Message-ID, per kill (by where in the dump the copy
#               lies): allowed only for the runs in flight at each kill, at most spoolerBatchSize
#               (20) per kill, and none before the first kill
#   locked      messages a server holds locked (the Queue MBean), and the queue's depth: both 0
# PASS or FAIL; the exit code is 1 on FAIL, 2 when the run could not be made.
#
# Settings (environment variables; defaults in brackets), besides payara-common.sh's:
#   STORE [h2]              h2 (embedded) or postgres (a private cluster on PG_PORT, 6250)
#   MESSAGES [10000]        messages submitted
#   KILLS [5]               kill -9 and restarts during the delivery
#   KILL_MAX_SECONDS [4]    longest random delay before each kill (from the first delivery, then
#                           from the return of the previous restart's asadmin start-domain)
#   LEASE_MS [20000]        spoolerLeaseMs
#   SPOOLER_THREADS [4]     spoolerThreads
#   SEED [random]           seeds bash's RANDOM, for repeatable kill moments
#   SUBMIT_MS_PER_MESSAGE [10]  how long the submit is expected to take per message: the messages
#                           are due that long (plus 5 s) after the submit starts
#   PORTBASE [15800]        the domain's port base (the Payara ITs use 14800)
#   DRAIN_SECONDS [900]     longest wait for the final drain
source "$(dirname "$0")/payara-common.sh"
store="${STORE:-h2}"
messages="${MESSAGES:-10000}"
kills="${KILLS:-5}"
kill_max="${KILL_MAX_SECONDS:-4}"
lease_ms="${LEASE_MS:-20000}"
threads="${SPOOLER_THREADS:-4}"
portbase="${PORTBASE:-15800}"
drain_seconds="${DRAIN_SECONDS:-900}"
seed="${SEED:-$((RANDOM * 32768 + RANDOM))}"
RANDOM="$seed"
case "$store" in h2 | postgres) ;; *) echo "STORE: h2 or postgres" >&2 && exit 2 ;; esac
# The README's bound for what one kill can send twice: spoolerBatchSize (default 20) messages.
in_flight_bound=20
domain=reliability
call() { call_on "$domain" "$@"; }
# Waits (bounded, $2 s) until the sink's count exceeds $1; prints the instant, or nothing. With $3,
# also stops (printing nothing) once the store's Outbox is empty: nothing was left to send.
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

build_war
check_portbase "$portbase"
start_sink "kill-$store"
[ "$store" = postgres ] && start_postgres

echo "== Payara $payara_version, kill -9 during delivery: STORE=$store MESSAGES=$messages KILLS=$kills SEED=$seed"
create_domain "$domain" "$portbase"
start_domain "$domain"
wait_started "$domain"
# The README's recipe, with the benchmarks' adapter settings (bench.cli on WildFly) and those of
# reliability.cli: a short lease and a fixed node name; with STORE=postgres, store-postgres.cli's
# store by jdbcUrl.
properties="$(adapter_properties):nodeName=reliability-node"
[ "$store" = postgres ] && properties="$properties:$(postgres_store_properties)"
configure_domain "$domain" "$properties" 'allowedMailboxes=reliability:allowedSenders=@bench.example'
resumed=""
wait_ready "$domain" || exit 2
echo "Payara up (HTTP $((portbase + 80)), admin $((portbase + 48))), smtp-sink on $sink_port${pg_running:+, PostgreSQL on $pg_port}; submitting $messages messages..."

# Four parallel submit calls, one due instant after them: ~9 ms per message measured on the loaded
# 2-core machine (load average 25), 0.4 ms on a quiet one (SUBMIT_MS_PER_MESSAGE), plus 5 s.
due=$(($(date +%s%3N) + 5000 + messages * ${SUBMIT_MS_PER_MESSAGE:-10}))
slice=$(((messages + 3) / 4))
submit_pids=()
for i in 0 1 2 3; do
  first=$((i * slice))
  count=$((messages - first < slice ? messages - first : slice))
  [ "$count" -gt 0 ] || count=0
  call "submit?first=$first&messages=$count&dueAt=$due" 3600 > "$target/submit-$i.out" 2>&1 &
  submit_pids+=($!)
done
for p in "${submit_pids[@]}"; do wait "$p" || echo "a submit call failed" >&2; done
committed=0
for i in 0 1 2 3; do
  answer="$(cat "$target/submit-$i.out")"
  echo "submit: $answer"
  c="$(value "$answer" committed || true)"
  committed=$((committed + ${c:-0}))
done
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
  j="$(java_pid "$domain")"
  [ -n "$j" ] || { echo "no pid in $domains/$domain/config/pid" >&2; exit 2; }
  t_kill="$(now)"
  kill -9 "$j"
  while kill -0 "$j" 2> /dev/null; do sleep 0.1; done
  # What the sink holds once the killed JVM is gone: any message after this is the new one's.
  at_kill="$(sink_count)"
  start_domain "$domain"
  resumed=""
  wait_ready "$domain" "$at_kill" || exit 2
  t_ready="$(now)"
  last_restart="$t_ready"
  after="$(call counts 30 || echo "locked=?")"
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
  echo "kill $k after ${delay} s: Outbox $queued, Sent Items $(value "$before" sent), sink $at_kill; answering again after $restart_s s (locked then: $(value "$after" locked)), delivering after: $resume_s"
  kill_rows+=("| payara | $k | $delay | $queued | $(value "$before" sent) | $at_kill | $restart_s | $resume_s | $(value "$after" locked) |")
  marks+=("$at_kill")
  # start-domain returns once the server is up; its exit is not waited on by wait_ready's success.
  reap_started "$domain"
done

# The final drain, bounded: the Outbox empty.
deadline=$((SECONDS + drain_seconds))
counts=""
while [ "$SECONDS" -lt "$deadline" ]; do
  counts="$(call counts 30 || true)"
  [ "$(value "$counts" outbox)" = 0 ] && break
  sleep 1
done
t_drained="$(now)"
sleep 2 # the last 250 replies: let the sink's dump settle, and any lock be released
counts="$(call counts 30 || true)"
outbox="$(value "$counts" outbox)"
sent="$(value "$counts" sent)"
depth="$(value "$counts" depth)"
locked="$(value "$counts" locked)"
received="$(grep -ci '^Message-ID:' "$dump" || true)"
distinct="$({ grep -i '^Message-ID:' "$dump" || true; } | sort -u | wc -l)"
subjects="$({ grep '^Subject: Reliability message ' "$dump" || true; } | sort -u | wc -l)"
duplicates=$((received - distinct))
twice="$({ grep -i '^Message-ID:' "$dump" || true; } | sort | uniq -d | wc -l)"
# Duplicates per kill: the sink dumps messages in the order it accepted them, and "sink at kill" is
# how many it had when the killed JVM was gone, so a repeated Message-ID after the k-th mark (and
# before the next) was sent again by the server restarted after kill k.
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
[ "${depth:-?}" = 0 ] || why="$why; the queue's depth is ${depth:-?}"
[ "${locked:-?}" = 0 ] || why="$why; ${locked:-?} messages still locked"
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
failed=0
[ -n "$why" ] && verdict="FAIL${why}" && failed=1
results="$target/results-kill.md"
store_label=H2
[ "$store" = postgres ] && store_label=PostgreSQL
{
  echo
  echo "<!-- $(date -u +%FT%TZ) SCENARIO=payara-kill Payara $payara_version STORE=$store MESSAGES=$messages KILLS=$kills KILL_MAX_SECONDS=$kill_max LEASE_MS=$lease_ms SPOOLER_THREADS=$threads SEED=$seed; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$root" rev-parse --short HEAD) -->"
  echo "| server | kill | after s | Outbox at kill | Sent Items at kill | sink at kill | kill → answering s | kill → delivering s | locked when answering | sent again after this kill |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for k in "${!kill_rows[@]}"; do echo "${kill_rows[$k]} ${dup_at[$((k + 1))]:-0} |"; done
  [ "${dup_at[0]:-0}" = 0 ] || echo "(${dup_at[0]} messages arrived twice before the first kill)"
  echo
  echo "| server | submitted | committed | kills | Sent Items | received (distinct Message-IDs) | lost (store / sink) | duplicates | locked / depth at the end | last restart → Outbox empty s | verdict |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  echo "| payara ($store_label) | $messages | $committed | $kills | ${sent:-?} | $distinct | $lost_store / $lost_sink | $duplicates ($twice messages) | ${locked:-?} / ${depth:-?} | $(elapsed "${last_restart:-$t_drained}" "$t_drained") | $verdict |"
} | tee -a "$results"
asadmin stop-domain --domaindir "$domains" "$domain" > /dev/null 2>&1 || true
echo "Results: $results"
exit "$failed"
