#!/usr/bin/env bash
# SCENARIO=payara-two-servers-kill of RELIABILITY.md ("Two Payara servers on one store, one
# killed"; run it as `SCENARIO=payara-two-servers-kill ./reliability/run.sh`, or directly): the
# WildFly scenario two-servers-kill with two Payara 6 domains. Not part of `mvn -B verify`.
# Everything it makes is under reliability/target/payara.
#
# Two domains, a and b (port bases 15800 and 16800), each configured as payara-kill.sh's domain with
# STORE=postgres: one store, database "store" of a private PostgreSQL cluster (PG_PORT) by jdbcUrl,
# both with the spooler (SPOOLER_THREADS threads, spoolerBatchSize 20, poll POLL_MS, lease
# LEASE_MS). They differ in their nodeName, two-a / two-b (the leases they take), and their HELO
# name, two-a.msgstore.test / two-b.msgstore.test (so the sink's dump shows which sent each copy).
# RUNS times, each on a fresh store, fresh domains and a fresh sink: MESSAGES messages of mailbox
# "reliability" are submitted through a (4 parallel calls, container transactions of 50), all due at
# one instant after the submit. Once the sink has the first of them: wait a random delay (0.5 s ..
# KILL_MAX_SECONDS), kill -9 the victim's JVM (VICTIM: a, b, or random) and do NOT restart it: the
# survivor must finish the queue, the victim's claimed messages once their lease lapses (bounded:
# DRAIN_SECONDS). Count, as two-servers-kill.sh does:
#   committed    what the submit calls committed, checked against the store (the mailbox's messages
#                in one snapshot: Outbox + Sent Items)
#   sent         Sent Items: must equal committed
#   received     distinct Message-IDs (and subjects) in the sink's dump: must equal committed
#   duplicates   copies beyond the first: each must be a message the victim sent before the kill
#                and the survivor sent again after it, at most spoolerBatchSize (20)
#   locked       queue rows still locked after the drain (must be 0); at the kill, the victim's
#                locked rows, and the time until none is left
# PASS or FAIL per run; the exit code is 1 when any run fails, 2 when a run could not be made.
#
# Settings (environment variables; defaults in brackets), besides payara-common.sh's:
#   MESSAGES [10000]        messages submitted per run
#   RUNS [1]                runs (one kill each)
#   VICTIM [random]         a, b, or random (drawn per run from SEED)
#   KILL_MAX_SECONDS [4]    longest random delay before the kill, from the first delivery
#   DRAIN_SECONDS [600]     longest wait for an empty Outbox after the kill
#   LEASE_MS [20000]        spoolerLeaseMs; SPOOLER_THREADS [4] spoolerThreads; POLL_MS [1000]
#                           spoolerPollIntervalMs
#   SEED [random]           seeds bash's RANDOM, for repeatable victims and kill moments
source "$(dirname "$0")/payara-common.sh"
messages="${MESSAGES:-10000}"
runs="${RUNS:-1}"
victim_setting="${VICTIM:-random}"
kill_max="${KILL_MAX_SECONDS:-4}"
drain_seconds="${DRAIN_SECONDS:-600}"
lease_ms="${LEASE_MS:-20000}"
threads="${SPOOLER_THREADS:-4}"
poll_ms="${POLL_MS:-1000}"
seed="${SEED:-$((RANDOM * 32768 + RANDOM))}"
RANDOM="$seed"
# What one kill can send twice: the runs in flight, at most one round's claim (spoolerBatchSize 20).
in_flight_bound=20
case "$victim_setting" in a | b | random) ;; *) echo "VICTIM: a, b or random" >&2 && exit 2 ;; esac
declare -A base_of=([a]=15800 [b]=16800)
results="$target/results-two-servers-kill.md"
locked_by() { sql store "SELECT count(*) FROM outgoing_queue WHERE lock_owner = '$1'"; }
# Domain two-$1 (a or b), its JVM started.
start_server() {
  create_domain "two-$1" "${base_of[$1]}"
  start_domain "two-$1"
}
# Configures the started domain two-$1: payara-kill.sh's recipe with STORE=postgres, and its names.
configure_server() {
  wait_started "two-$1"
  configure_domain "two-$1" \
    "$(adapter_properties | sed "s/spoolerPollIntervalMs=1000/spoolerPollIntervalMs=$poll_ms/"):nodeName=two-$1:smtpHeloName=two-$1.msgstore.test:$(postgres_store_properties)" \
    'allowedMailboxes=reliability:allowedSenders=@bench.example'
  resumed=""
  wait_ready "two-$1" || exit 2
}

build_war
start_postgres
failed=0
summary_rows=()
for run in $(seq 1 "$runs"); do
  if [ "$victim_setting" = random ]; then
    victim=a
    [ $((RANDOM % 2)) = 1 ] && victim=b
  else
    victim="$victim_setting"
  fi
  survivor=a
  [ "$victim" = a ] && survivor=b
  echo "== two Payara servers, one killed: run $run of $runs, MESSAGES=$messages, victim $victim, SEED=$seed"
  sql postgres "DROP DATABASE IF EXISTS store WITH (FORCE)"
  sql postgres "CREATE DATABASE store"
  start_sink "two-servers-$run"
  # Both JVMs start together; b is configured first: its adapter creates the store's tables, a's
  # finds them.
  start_server b
  start_server a
  configure_server b
  configure_server a
  echo "domains a (HTTP $((base_of[a] + 80))) and b (HTTP $((base_of[b] + 80))) up, smtp-sink on $sink_port, PostgreSQL on $pg_port; submitting $messages messages through a..."
  # Four parallel submit calls, one due instant after them (as payara-kill.sh: ~10 ms per message
  # on the loaded machine, plus 5 s).
  due=$(($(date +%s%3N) + 5000 + messages * 10))
  slice=$(((messages + 3) / 4))
  submit_pids=()
  for i in 0 1 2 3; do
    first=$((i * slice))
    count=$((messages - first < slice ? messages - first : slice))
    [ "$count" -gt 0 ] || count=0
    call_on two-a "submit?first=$first&messages=$count&dueAt=$due" 3600 > "$target/submit-two-$i.out" 2>&1 &
    submit_pids+=($!)
  done
  for p in "${submit_pids[@]}"; do wait "$p" || echo "a submit call failed" >&2; done
  early="$(sink_count)"
  committed=0
  for i in 0 1 2 3; do
    answer="$(cat "$target/submit-two-$i.out")"
    echo "submit: $answer"
    c="$(value "$answer" committed || true)"
    committed=$((committed + ${c:-0}))
  done
  echo "(the sink had $early messages when the submits returned)"
  # In one snapshot: the mailbox's messages, queued or filed, whichever folder each is in.
  in_store="$(sql store "SELECT count(*) FROM message m JOIN mailbox b ON b.id = m.mailbox_id WHERE b.name = 'reliability'")"
  [ "$in_store" = "$committed" ] || echo "the store holds $in_store messages, the submit calls committed $committed" >&2

  # Delivery starts at the due instant.
  deadline=$((SECONDS + 300))
  while [ "$(sink_count)" = 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  [ "$(sink_count)" != 0 ] || { echo "no delivery within 300 s of the submit" >&2 && exit 2; }
  r=$RANDOM
  delay="$(awk -v r="$r" -v m="$kill_max" 'BEGIN {printf "%.1f", 0.5 + (m - 0.5) * r / 32767}')"
  sleep "$delay"
  before="$(call_on "two-$survivor" counts 30 || echo "outbox=? sent=?")"
  t_kill="$(now)"
  kill_domain "two-$victim"
  at_kill="$(sink_count)"
  locked_at_kill="$(locked_by "two-$victim")"
  echo "killed $victim after $delay s: Outbox $(value "$before" outbox), Sent Items $(value "$before" sent), sink $at_kill, locked by two-$victim $locked_at_kill"

  # The survivor finishes: its own share at once, the victim's claimed messages when their lease
  # lapses. Bounded.
  deadline=$((SECONDS + drain_seconds))
  t_released=""
  outbox="?"
  counts=""
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ -z "$t_released" ] && [ "$(locked_by "two-$victim")" = 0 ]; then t_released="$(now)"; fi
    counts="$(call_on "two-$survivor" counts 30 || true)"
    outbox="$(value "$counts" outbox)"
    [ "$outbox" = 0 ] && [ -n "$t_released" ] && break
    sleep 0.5
  done
  t_drained="$(now)"
  sent="$(value "$counts" sent)"
  sleep 2 # the last replies: let the sink's dump settle
  queue_rows="$(sql store "SELECT count(*) FROM outgoing_queue")"
  locked_left="$(sql store "SELECT count(*) FROM outgoing_queue WHERE lock_owner IS NOT NULL")"

  # The dump, in acceptance order: "index helo message-id" per message.
  copies="$target/copies-two-$run.txt"
  tr -d '\r' < "$dump" | awk '
    /^X-Helo-Args:/ {helo = $2}
    tolower($0) ~ /^message-id:/ {i++; print i, helo, tolower($2)}' > "$copies"
  received="$(wc -l < "$copies")"
  distinct="$(awk '{print $3}' "$copies" | sort -u | wc -l)"
  subjects="$({ tr -d '\r' < "$dump" | grep '^Subject: Reliability message ' || true; } | sort -u | wc -l)"
  duplicates=$((received - distinct))
  # Each duplicate: fine when the first copy is the victim's and this one the survivor's after the
  # kill; else what was wrong.
  bad_dups="$(awk -v victim="two-$victim.msgstore.test" -v survivor="two-$survivor.msgstore.test" -v mark="$at_kill" '
    {if ($3 in first) {
       if (first[$3] != victim || $2 != survivor || $1 <= mark) {bad++; if (bad <= 3) why = why " #" $1 " by " $2 " (first by " first[$3] ")"}
     } else first[$3] = $2}
    END {printf "%d%s", bad, why}' "$copies")"
  by_a="$(awk '$2 == "two-a.msgstore.test"' "$copies" | wc -l)"
  by_b="$(awk '$2 == "two-b.msgstore.test"' "$copies" | wc -l)"
  released_s="not within $drain_seconds s"
  [ -n "$t_released" ] && released_s="$(elapsed "$t_kill" "$t_released")"

  verdict=PASS
  why=""
  [ "$committed" = "$messages" ] || why="$why; $((messages - committed)) submits failed"
  [ "$in_store" = "$committed" ] || why="$why; the store held $in_store after the submit"
  [ "$(value "$before" outbox)" != 0 ] || why="$why; the kill came after the delivery (Outbox 0): not a test"
  [ "${outbox:-?}" = 0 ] || why="$why; Outbox still holds ${outbox:-?} after $drain_seconds s"
  [ "${sent:-?}" = "$committed" ] || why="$why; Sent Items ${sent:-?} of $committed"
  [ "$distinct" = "$committed" ] || why="$why; the sink has $distinct distinct Message-IDs of $committed"
  [ "$subjects" = "$committed" ] || why="$why; the sink has $subjects distinct subjects of $committed"
  [ "$queue_rows" = 0 ] || why="$why; $queue_rows queue rows left"
  [ "$locked_left" = 0 ] || why="$why; $locked_left queue rows still locked"
  [ "${bad_dups%% *}" = 0 ] || why="$why; ${bad_dups%% *} copies not the victim's in-flight run:${bad_dups#* }"
  [ "$duplicates" -le "$in_flight_bound" ] || why="$why; $duplicates sent twice, more than the $in_flight_bound a round has in flight"
  [ -n "$why" ] && verdict="FAIL${why}" && failed=1
  row="| $run | $victim | $delay | $(value "$before" outbox) | $at_kill | $locked_at_kill | $released_s | $(elapsed "$t_kill" "$t_drained") | $committed | ${sent:-?} | $distinct | $by_a / $by_b | $duplicates | $locked_left | $verdict |"
  summary_rows+=("$row")
  echo "$row"
  asadmin stop-domain --domaindir "$domains" "two-$survivor" > /dev/null 2>&1 || true
  kill_domain "two-$survivor"
  stop_sink
done
{
  echo
  echo "<!-- $(date -u +%FT%TZ) SCENARIO=payara-two-servers-kill Payara $payara_version MESSAGES=$messages RUNS=$runs VICTIM=$victim_setting KILL_MAX_SECONDS=$kill_max LEASE_MS=$lease_ms SPOOLER_THREADS=$threads POLL_MS=$poll_ms SEED=$seed; $(nproc) cores, load $(load_average); commit $(git -C "$root" rev-parse --short HEAD) -->"
  echo "| run | killed | after s | Outbox at kill | sink at kill | locked by the killed server | kill → its locks gone s | kill → Outbox empty s | committed | Sent Items | received (distinct Message-IDs) | copies sent by a / b | duplicates | locked after | verdict |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for r in "${summary_rows[@]}"; do echo "$r"; done
} | tee -a "$results"
echo "Results: $results"
exit "$failed"
