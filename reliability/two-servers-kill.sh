#!/usr/bin/env bash
# SCENARIO=two-servers-kill of reliability/run.sh (RELIABILITY.md, "Two servers on one store, one
# killed"): two WildFly servers, a and b, both with the spooler, on one store in a private
# PostgreSQL cluster (by jdbcUrl), deliver a backlog; one of them is killed with kill -9 at a random
# moment of the delivery and is NOT restarted: the other must finish the queue, the killed one's
# claimed messages included once their lease lapses (LEASE_MS). RUNS times, each on a fresh store,
# fresh servers and a fresh sink.
#
# Per run: MESSAGES messages of mailbox "reliability" are submitted through server a (transactions
# of 50), all due at one instant after the submit ends (DUE_SECONDS). Once the sink has the first of them: wait a
# random delay (0.5 s .. KILL_MAX_SECONDS), kill -9 the victim (VICTIM: a, b, or random), and wait
# (bounded: DRAIN_SECONDS) until the Outbox is empty. Each server says HELO with its own name, so
# the sink's dump shows which server sent each copy. Count:
#   committed    what the submit calls committed, checked against the store (the mailbox's messages
#                in one snapshot: Outbox + Sent Items)
#   sent         Sent Items: must equal committed
#   received     distinct Message-IDs (and subjects) in the sink's dump: must equal committed
#   duplicates   copies beyond the first: each must be a message the victim sent before the kill
#                and the survivor sent again after it, at most spoolerBatchSize (20)
#   locked       queue rows still locked after the drain (must be 0); at the kill, the victim's
#                locked rows, and the time until none is left
# PASS or FAIL per run; the exit code is 1 when any run fails.
#
# Settings (environment variables; defaults in brackets), besides two-servers-common.sh's:
#   MESSAGES [10000]        messages submitted per run
#   RUNS [1]                runs (one kill each)
#   VICTIM [random]         a, b, or random (drawn per run from SEED)
#   KILL_MAX_SECONDS [4]    longest random delay before the kill, from the first delivery
#   DRAIN_SECONDS [600]     longest wait for an empty Outbox after the kill
#   DUE_SECONDS [5 + 15 ms per message]  when the backlog becomes due, from the submit's start: after
#                           its end, so the spooler meets one backlog (the submit answer says
#                           whether the sink had messages already)
#   SEED [random]           seeds bash's RANDOM, for repeatable victims and kill moments
#   SINK_PORT [2660]        first port tried for the sink
source "$(dirname "$0")/two-servers-common.sh"
messages="${MESSAGES:-10000}"
runs="${RUNS:-1}"
victim_setting="${VICTIM:-random}"
kill_max="${KILL_MAX_SECONDS:-4}"
drain_seconds="${DRAIN_SECONDS:-600}"
due_seconds="${DUE_SECONDS:-$((5 + messages * 15 / 1000))}"
seed="${SEED:-$((RANDOM * 32768 + RANDOM))}"
RANDOM="$seed"
# What one kill can send twice: the runs in flight, at most one round's claim (bench.cli keeps the
# default spoolerBatchSize, 20).
in_flight_bound=20
case "$victim_setting" in a | b | random) ;; *) echo "VICTIM: a, b or random" >&2 && exit 2 ;; esac

# Messages the sink has accepted so far (smtp-sink -c writes "sess=N quit=N mesg=N" per message).
sink_count() {
  local c
  c="$(tr '\r' '\n' < "$sink_out" | grep -o 'mesg=[0-9]*' | tail -n 1 | cut -d= -f2 || true)"
  echo "${c:-0}"
}
locked_by() { sql store "SELECT count(*) FROM outgoing_queue WHERE lock_owner = '$1'"; }

start_postgres
configure_template
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
  echo "== two servers, one killed: run $run of $runs, MESSAGES=$messages, victim $victim, SEED=$seed"
  fresh_store
  sink_port="$(free_port_from "${SINK_PORT:-2660}")"
  sink_out="$target/sink-kill-$run.out"
  dump="$target/sink-kill-$run.dump"
  rm -f "$dump" "$sink_out"
  "$sink" -c -u "$(id -un)" -D "$dump" "127.0.0.1:$sink_port" 1000 > "$sink_out" 2>&1 &
  sink_pid=$!
  # b first: it creates the store's tables; a finds them.
  start_server b
  wait_ready b || exit 2
  start_server a
  wait_ready a || exit 2
  echo "servers a (HTTP $((8080 + offset_of[a]))) and b (HTTP $((8080 + offset_of[b]))) up, smtp-sink on $sink_port, PostgreSQL on $pg_port; submitting $messages messages through a..."
  submit="$(call a "reliability/submit?messages=$messages&dueSeconds=$due_seconds" 3600)"
  early="$(sink_count)"
  echo "submit: $submit (the sink had $early messages when it returned)"
  committed="$(value "$submit" committed)"
  # In one snapshot (the Outbox and Sent Items counts are two reads, and delivery may have begun):
  # the mailbox's messages, queued or filed, whichever folder each is in.
  in_store="$(sql store "SELECT count(*) FROM message m JOIN mailbox b ON b.id = m.mailbox_id WHERE b.name = 'reliability'")"
  [ "$in_store" = "$committed" ] || echo "the store holds $in_store messages, the submit calls committed $committed" >&2

  # Delivery starts at the due instant.
  deadline=$((SECONDS + 300))
  while [ "$(sink_count)" = 0 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  [ "$(sink_count)" != 0 ] || { echo "no delivery within 300 s of the submit" >&2 && exit 2; }
  r=$RANDOM
  delay="$(awk -v r="$r" -v m="$kill_max" 'BEGIN {printf "%.1f", 0.5 + (m - 0.5) * r / 32767}')"
  sleep "$delay"
  before="$(call "$survivor" reliability/counts 30 || echo "outbox=? sent=?")"
  t_kill="$(now)"
  kill_server "$victim"
  at_kill="$(sink_count)"
  locked_at_kill="$(locked_by "two-$victim")"
  echo "killed $victim after $delay s: Outbox $(value "$before" outbox), Sent Items $(value "$before" sent), sink $at_kill, locked by two-$victim $locked_at_kill"

  # The survivor finishes: its own share at once, the victim's claimed messages when their lease
  # lapses. Bounded.
  deadline=$((SECONDS + drain_seconds))
  t_released=""
  outbox="?"
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ -z "$t_released" ] && [ "$(locked_by "two-$victim")" = 0 ]; then t_released="$(now)"; fi
    counts="$(call "$survivor" reliability/counts 30 || true)"
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
  copies="$target/copies-$run.txt"
  tr -d '\r' < "$dump" | awk '
    /^X-Helo-Args:/ {helo = $2}
    tolower($0) ~ /^message-id:/ {i++; print i, helo, tolower($2)}' > "$copies"
  received="$(wc -l < "$copies")"
  distinct="$(awk '{print $3}' "$copies" | sort -u | wc -l)"
  subjects="$({ tr -d '\r' < "$dump" | grep '^Subject: Reliability message ' || true; } | sort -u | wc -l)"
  duplicates=$((received - distinct))
  # Each duplicate: "ok" when the first copy is the victim's and this one the survivor's after the
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
  kill_server "$survivor"
  stop_sink
done
{
  echo
  echo "<!-- $(date -u +%FT%TZ) SCENARIO=two-servers-kill MESSAGES=$messages RUNS=$runs VICTIM=$victim_setting KILL_MAX_SECONDS=$kill_max LEASE_MS=$lease_ms SPOOLER_THREADS=$threads POLL_MS=$poll_ms SEED=$seed; $(nproc) cores, load $(load_average); commit $(git -C "$root" rev-parse --short HEAD) -->"
  echo "| run | killed | after s | Outbox at kill | sink at kill | locked by the killed server | kill → its locks gone s | kill → Outbox empty s | committed | Sent Items | received (distinct Message-IDs) | copies sent by a / b | duplicates | locked after | verdict |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for r in "${summary_rows[@]}"; do echo "$r"; done
} | tee -a "$results"
echo "Results: $results"
exit "$failed"
