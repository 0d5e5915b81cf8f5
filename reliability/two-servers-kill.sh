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
# RESTART=1 (RELIABILITY.md, "... the killed one restarted"): the victim is started again at once
# on its own base directory, under its node name, while the other still delivers; with the default
# lease (LEASE_MS 300000, 5 minutes), so its claimed messages come back only by its take-back: its
# new incarnation finds the name's heartbeat stale, takes the name over and releases the leases
# (MSGS3008, "released N"), and both servers finish the queue. VICTIM=both (implies RESTART=1):
# both servers killed one right after the other and both restarted. Measured per run besides the
# above: the rows each victim had locked at the kill, kill -> take-over (MSGS3008) and the leases it
# released, kill -> none of those rows left (each delivered), take-over -> that, kill -> the
# restarted server answering, and the queue rows at the take-over (the other server was still
# delivering when more than the victim's own are left). Duplicates: first sent by a victim before
# the kill, sent again after it by anyone, at most 20 per victim. PASS also needs each take-over to
# release exactly the rows locked at the kill and those rows to be delivered within
# TAKEBACK_BOUND_SECONDS of it.
#
# Settings (environment variables; defaults in brackets), besides two-servers-common.sh's:
#   MESSAGES [10000]        messages submitted per run
#   RUNS [1]                runs (one kill each)
#   VICTIM [random]         a, b, random (drawn per run from SEED), or both (RESTART=1)
#   RESTART [""]            1: the killed server restarted at once (LEASE_MS defaults to 300000)
#   TAKEBACK_BOUND_SECONDS [60]  RESTART=1: longest take-over -> the victim's rows delivered
#   KILL_MAX_SECONDS [4]    longest random delay before the kill, from the first delivery
#   DRAIN_SECONDS [600]     longest wait for an empty Outbox after the kill (RESTART=1: after the
#                           restarted server answers)
#   DUE_SECONDS [5 + 15 ms per message]  when the backlog becomes due, from the submit's start: after
#                           its end, so the spooler meets one backlog (the submit answer says
#                           whether the sink had messages already)
#   SEED [random]           seeds bash's RANDOM, for repeatable victims and kill moments
#   SINK_PORT [2660]        first port tried for the sink
restart="${RESTART:-}"
[ "${VICTIM:-}" = both ] && restart=1
# With the restart, the default lease: what the take-back frees, a lapse would not within the run.
[ "$restart" = 1 ] && export LEASE_MS="${LEASE_MS:-300000}"
source "$(dirname "$0")/two-servers-common.sh"
messages="${MESSAGES:-10000}"
runs="${RUNS:-1}"
victim_setting="${VICTIM:-random}"
kill_max="${KILL_MAX_SECONDS:-4}"
drain_seconds="${DRAIN_SECONDS:-600}"
bound="${TAKEBACK_BOUND_SECONDS:-60}"
due_seconds="${DUE_SECONDS:-$((5 + messages * 15 / 1000))}"
seed="${SEED:-$((RANDOM * 32768 + RANDOM))}"
RANDOM="$seed"
# What one kill can send twice: the runs in flight, at most one round's claim (bench.cli keeps the
# default spoolerBatchSize, 20).
in_flight_bound=20
case "$victim_setting" in a | b | random | both) ;; *) echo "VICTIM: a, b, random or both" >&2 && exit 2 ;; esac

locked_by() { sql store "SELECT count(*) FROM outgoing_queue WHERE lock_owner = '$1'"; }

start_postgres 6032
configure_template
failed=0
summary_rows=()
restart_rows=()
for run in $(seq 1 "$runs"); do
  case "$victim_setting" in
    random)
      victims=(a)
      [ $((RANDOM % 2)) = 1 ] && victims=(b)
      ;;
    both) victims=(a b) ;;
    *) victims=("$victim_setting") ;;
  esac
  victim="${victims[*]}"
  survivor=""
  [ "$victim" = a ] && survivor=b
  [ "$victim" = b ] && survivor=a
  echo "== two servers, ${victim// / and } killed$([ "$restart" = 1 ] && echo " and restarted"): run $run of $runs, MESSAGES=$messages, SEED=$seed, spoolerLeaseMs $lease_ms"
  fresh_store
  start_sink "${SINK_PORT:-2660}" "sink-kill-$run"
  # b first: it creates the store's tables; a finds them.
  start_node b
  wait_node b || exit 2
  start_node a
  wait_node a || exit 2
  echo "servers a (HTTP $((8080 + offset_of[a]))) and b (HTTP $((8080 + offset_of[b]))) up, smtp-sink on $sink_port, PostgreSQL on $pg_port; submitting $messages messages through a..."
  submit="$(call_node a "reliability/submit?messages=$messages&dueSeconds=$due_seconds" 3600)"
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
  delay="$(random_delay "$r" "$kill_max")"
  sleep "$delay"
  before="$(call_node "${survivor:-a}" reliability/counts 30 || echo "outbox=? sent=?")"
  declare -A lines_at_kill=() ids_at_kill=() locked_at=()
  for v in "${victims[@]}"; do lines_at_kill[$v]="$(log_lines "$(base_of "$v")")"; done
  t_kill="$(now)"
  for v in "${victims[@]}"; do kill_node "$v"; done
  at_kill="$(sink_count)"
  for v in "${victims[@]}"; do
    ids_at_kill[$v]="$(locked_ids "two-$v")"
    locked_at[$v]=0
    [ -n "${ids_at_kill[$v]}" ] && locked_at[$v]="$(tr ',' '\n' <<< "${ids_at_kill[$v]}" | wc -l)"
  done
  locked_at_kill="$(for v in "${victims[@]}"; do printf '%s ' "${locked_at[$v]}"; done | sed 's/ $//; s/ / \/ /g')"
  echo "killed $victim after $delay s: Outbox $(value "$before" outbox), Sent Items $(value "$before" sent), sink $at_kill, locked by two-${victim// / \/ two-} $locked_at_kill"

  if [ "$restart" = 1 ]; then
    # The victims come back at once, on their own base directories and node names.
    t_restart="$(now)"
    for v in "${victims[@]}"; do restart_node "$v"; done
    declare -A t_answer=() t_taken=() released=() t_back=() queue_at_taken=() waited=() probe_of=()
    rm -f "$target"/answered-*
    deadline=$((SECONDS + start_seconds + drain_seconds))
    t_released=""
    while [ "$SECONDS" -lt "$deadline" ]; do
      pending=0
      for v in "${victims[@]}"; do
        b="$(base_of "$v")"
        if [ -z "${t_taken[$v]:-}" ]; then
          taken="$(last_log "$b" MSGS3008 "${lines_at_kill[$v]}")"
          if [ -n "$taken" ]; then
            t_taken[$v]="$(log_instant "$taken" "$t_kill")"
            t_taken[$v]="${t_taken[$v]:-$(now)}"
            released[$v]="$(grep -o 'released [0-9]*' <<< "$taken" | grep -o '[0-9]*' || true)"
            queue_at_taken[$v]="$(queue_rows)"
            [ -n "$(last_log "$b" MSGS3010 "${lines_at_kill[$v]}")" ] && waited[$v]=yes
          fi
        fi
        if [ -z "${t_back[$v]:-}" ] && { [ -z "${ids_at_kill[$v]}" ] || [ "$(still_queued "${ids_at_kill[$v]}")" = 0 ]; }; then
          t_back[$v]="$(now)"
        fi
        # Answering: one counts call at a time, in the background, with a long timeout (Sent Items
        # holds thousands of messages, and short timeouts piled calls up on a loaded server until
        # its heap ran out); the loop goes on sampling meanwhile.
        if [ -z "${t_answer[$v]:-}" ]; then
          if [ -e "$target/answered-$v" ]; then
            t_answer[$v]="$(stat -c %.9Y "$target/answered-$v")"
          elif [ -z "${probe_of[$v]:-}" ] || ! kill -0 "${probe_of[$v]}" 2> /dev/null; then
            (call_node "$v" reliability/counts 120 > /dev/null 2>&1 && touch "$target/answered-$v") &
            probe_of[$v]=$!
          fi
        fi
        if [ -z "${t_answer[$v]:-}" ] && [ -e "$b/deployments/msgstore.rar.failed" ]; then
          echo "server $v: deployment failed after the restart, see $b/log/server.log" >&2
          exit 2
        fi
        { [ -z "${t_back[$v]:-}" ] || [ -z "${t_answer[$v]:-}" ]; } && pending=1
      done
      outbox_rows="$(queue_rows)"
      [ "$pending" = 0 ] && [ "$outbox_rows" = 0 ] && break
      sleep 0.5
    done
    t_drained="$(now)"
    for v in "${victims[@]}"; do [ -n "${probe_of[$v]:-}" ] && wait "${probe_of[$v]}" 2> /dev/null || true; done
    counts="$(call_node "${survivor:-${victims[0]}}" reliability/counts 120 || true)"
    outbox="$(value "$counts" outbox)"
    sent="$(value "$counts" sent)"
  else
    # The survivor finishes: its own share at once, the victim's claimed messages when their lease
    # lapses. Bounded.
    deadline=$((SECONDS + drain_seconds))
    t_released=""
    outbox="?"
    while [ "$SECONDS" -lt "$deadline" ]; do
      if [ -z "$t_released" ] && [ "$(locked_by "two-$victim")" = 0 ]; then t_released="$(now)"; fi
      counts="$(call_node "$survivor" reliability/counts 30 || true)"
      outbox="$(value "$counts" outbox)"
      [ "$outbox" = 0 ] && [ -n "$t_released" ] && break
      sleep 0.5
    done
    t_drained="$(now)"
    sent="$(value "$counts" sent)"
  fi
  sleep 2 # the last replies: let the sink's dump settle
  queue_left="$(sql store "SELECT count(*) FROM outgoing_queue")"
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
  # Each duplicate: "ok" when the first copy is a victim's and this one comes after the kill, sent
  # by the survivor (or, restarted, by anyone); else what was wrong.
  victim_helos="$(for v in "${victims[@]}"; do printf 'two-%s.msgstore.test ' "$v"; done)"
  resenders="$([ "$restart" = 1 ] && echo "two-a.msgstore.test two-b.msgstore.test" || echo "two-$survivor.msgstore.test")"
  bad_dups="$(awk -v victims="$victim_helos" -v resenders="$resenders" -v mark="$at_kill" '
    BEGIN {n = split(victims, v, " "); for (k = 1; k <= n; k++) isv[v[k]] = 1
           n = split(resenders, r, " "); for (k = 1; k <= n; k++) isr[r[k]] = 1}
    {if ($3 in first) {
       if (!(first[$3] in isv) || !($2 in isr) || $1 <= mark) {bad++; if (bad <= 3) why = why " #" $1 " by " $2 " (first by " first[$3] ")"}
     } else first[$3] = $2}
    END {printf "%d%s", bad, why}' "$copies")"
  by_a="$(awk '$2 == "two-a.msgstore.test"' "$copies" | wc -l)"
  by_b="$(awk '$2 == "two-b.msgstore.test"' "$copies" | wc -l)"
  dup_bound=$((in_flight_bound * ${#victims[@]}))

  verdict=PASS
  why=""
  [ "$committed" = "$messages" ] || why="$why; $((messages - committed)) submits failed"
  [ "$in_store" = "$committed" ] || why="$why; the store held $in_store after the submit"
  [ "$(value "$before" outbox)" != 0 ] || why="$why; the kill came after the delivery (Outbox 0): not a test"
  [ "${outbox:-?}" = 0 ] || why="$why; Outbox still holds ${outbox:-?} after $drain_seconds s"
  [ "${sent:-?}" = "$committed" ] || why="$why; Sent Items ${sent:-?} of $committed"
  [ "$distinct" = "$committed" ] || why="$why; the sink has $distinct distinct Message-IDs of $committed"
  [ "$subjects" = "$committed" ] || why="$why; the sink has $subjects distinct subjects of $committed"
  [ "$queue_left" = 0 ] || why="$why; $queue_left queue rows left"
  [ "$locked_left" = 0 ] || why="$why; $locked_left queue rows still locked"
  [ "${bad_dups%% *}" = 0 ] || why="$why; ${bad_dups%% *} copies not a victim's in-flight run:${bad_dups#* }"
  [ "$duplicates" -le "$dup_bound" ] || why="$why; $duplicates sent twice, more than the $dup_bound the killed rounds had in flight"
  if [ "$restart" = 1 ]; then
    for v in "${victims[@]}"; do
      if [ -z "${t_answer[$v]:-}" ]; then
        why="$why; $v did not answer again within $((start_seconds + drain_seconds)) s"
      fi
      if [ -z "${t_taken[$v]:-}" ]; then
        why="$why; $v: no MSGS3008 after the restart"
      elif [ "${released[$v]:-}" != "${locked_at[$v]}" ]; then
        why="$why; $v released ${released[$v]:-?} leases, ${locked_at[$v]} were locked"
      fi
      if [ -z "${t_back[$v]:-}" ]; then
        why="$why; $v's ${locked_at[$v]} locked messages not delivered"
      elif [ "${locked_at[$v]}" != 0 ] && [ -n "${t_taken[$v]:-}" ] && awk -v a="${t_taken[$v]}" -v b="${t_back[$v]}" -v m="$bound" 'BEGIN {exit !(b - a > m)}'; then
        why="$why; $v's locked messages took $(elapsed "${t_taken[$v]}" "${t_back[$v]}") s after its take-over (bound $bound s)"
      fi
    done
  fi
  [ -n "$why" ] && verdict="FAIL${why}" && failed=1
  if [ "$restart" = 1 ]; then
    for v in "${victims[@]}"; do
      taken_s="–"
      [ -n "${t_taken[$v]:-}" ] && taken_s="$(elapsed "$t_kill" "${t_taken[$v]}")"
      back_s="not delivered"
      [ -n "${t_back[$v]:-}" ] && back_s="$(elapsed "$t_kill" "${t_back[$v]}")"
      taken_back_s="–"
      [ -n "${t_back[$v]:-}" ] && [ -n "${t_taken[$v]:-}" ] && taken_back_s="$(elapsed "${t_taken[$v]}" "${t_back[$v]}")"
      answer_s="not within the run"
      [ -n "${t_answer[$v]:-}" ] && answer_s="$(elapsed "$t_kill" "${t_answer[$v]}")"
      row="| $run | $v | ${locked_at[$v]} | $taken_s | ${released[$v]:-–} | ${waited[$v]:-no} | ${queue_at_taken[$v]:-–} | $back_s | $taken_back_s | $answer_s |"
      restart_rows+=("$row")
      echo "$row"
    done
    released_s="$(for v in "${victims[@]}"; do printf '%s ' "${t_taken[$v]:+$(elapsed "$t_kill" "${t_taken[$v]}")}"; done | sed 's/ $//; s/ / \/ /g')"
  else
    released_s="not within $drain_seconds s"
    [ -n "$t_released" ] && released_s="$(elapsed "$t_kill" "$t_released")"
  fi
  row="| $run | ${victim// / and } | $delay | $(value "$before" outbox) | $at_kill | $locked_at_kill | $released_s | $(elapsed "$t_kill" "$t_drained") | $committed | ${sent:-?} | $distinct | $by_a / $by_b | $duplicates | $locked_left | $verdict |"
  summary_rows+=("$row")
  echo "$row"
  kill_node a
  kill_node b
  stop_sink
done
{
  echo
  echo "<!-- $(date -u +%FT%TZ) SCENARIO=two-servers-kill${restart:+ RESTART=1} MESSAGES=$messages RUNS=$runs VICTIM=$victim_setting KILL_MAX_SECONDS=$kill_max LEASE_MS=$lease_ms SPOOLER_THREADS=$threads POLL_MS=$poll_ms SEED=$seed; $(nproc) cores, load $(load_average); commit $(git -C "$root" rev-parse --short HEAD) -->"
  if [ "$restart" = 1 ]; then
    echo "| run | killed | after s | Outbox at kill | sink at kill | locked by the killed server(s) | kill → take-over (MSGS3008) s | kill → queue empty s | committed | Sent Items | received (distinct Message-IDs) | copies sent by a / b | duplicates | locked after | verdict |"
  else
    echo "| run | killed | after s | Outbox at kill | sink at kill | locked by the killed server | kill → its locks gone s | kill → Outbox empty s | committed | Sent Items | received (distinct Message-IDs) | copies sent by a / b | duplicates | locked after | verdict |"
  fi
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for r in "${summary_rows[@]}"; do echo "$r"; done
  if [ "$restart" = 1 ]; then
    echo
    echo "| run | restarted | locked at the kill | kill → take-over (MSGS3008) s | leases released | waited (MSGS3010) | queue rows when the script saw the take-over | kill → those delivered s | take-over → those delivered s | kill → answering s |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for r in "${restart_rows[@]}"; do echo "$r"; done
  fi
} | tee -a "$results"
echo "Results: $results"
exit "$failed"
