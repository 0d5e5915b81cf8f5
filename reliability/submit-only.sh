#!/usr/bin/env bash
# SCENARIO=submit-only of reliability/run.sh (RELIABILITY.md, "Submit-only and spooler servers"):
# two WildFly servers on one store in a private PostgreSQL cluster (by jdbcUrl): server a with
# spoolerEnabled=false takes the submits, server b with the spooler delivers them. Measures
# commit → accepted across the two servers with the queue signal (a announces with NOTIFY after
# its commits, b LISTENs and wakes its spooler) and with b's poll alone (POLL_MS).
#
# The measurement is the benchmark harness's: server a runs the bench war's paced open-loop cell
# (/api/cell?path=msgstore&rate=R: a business row and one message per transaction, call k due at
# start + k / R), keeps each transaction's commit instant, and reads smtp-sink's dump through a
# named pipe, stamping each message when it arrives; both instants are a's clock. Server b only
# delivers.
#
# Poll only, without a setting for it: server a connects as its own PostgreSQL role, submitonly,
# whose search_path (public, twoservers, pg_catalog) puts the function twoservers.pg_notify in front
# of the built-in one its announcer calls. That function passes the announcement on to
# pg_catalog.pg_notify, or swallows it while twoservers.signal.muted is true, counting either;
# the script flips the flag between runs, so both modes run on the same two warm servers, and the
# counts show which announcements b could hear. The count is written without waiting for the WAL
# (synchronous_commit off for that one transaction), so passing one on costs about what the plain
# pg_notify costs.
#
# Order: a discarded warm-up; the peak (a submits closed loop at PEAK_CONCURRENCY callers for
# PEAK_SECONDS, b delivers: the end-to-end rate, as BENCHMARKS.md's "half of peak" takes it); then
# each rate of RATES ("half" is half that peak), with the signal, then with the poll alone.
#
# Settings (environment variables; defaults in brackets), besides two-servers-common.sh's:
#   RATES ["half 20 100"]    offered msg/s, one run of each mode per rate; "half": half of peak
#   RUN_SECONDS [30]         seconds per run;  CONCURRENCY [16] callers of the paced runs
#   PEAK_SECONDS [20]        PEAK_CONCURRENCY [16];  PEAK_RATE: skip the peak, take this
#   SINK_PORT [2660]         first port tried for the sink
source "$(dirname "$0")/two-servers-common.sh"
rates="${RATES:-half 20 100}"
run_seconds="${RUN_SECONDS:-30}"
concurrency="${CONCURRENCY:-16}"
peak_seconds="${PEAK_SECONDS:-20}"
peak_concurrency="${PEAK_CONCURRENCY:-16}"
# The target of issue 19, as on one server: commit → accepted p99 at half of peak.
target_p99_ms=50

start_postgres 6032
fresh_store
# The submit-only server's role, and the announcement it calls, in a schema of its own (not the
# store's: public).
sql store "CREATE ROLE submitonly LOGIN SUPERUSER"
sql store "CREATE SCHEMA twoservers"
sql store "CREATE TABLE twoservers.signal (muted boolean NOT NULL, passed bigint NOT NULL, swallowed bigint NOT NULL)"
sql store "INSERT INTO twoservers.signal VALUES (false, 0, 0)"
sql store "CREATE FUNCTION twoservers.pg_notify(channel text, payload text) RETURNS void LANGUAGE plpgsql AS \$\$
BEGIN
  -- The count must not make the announcement wait for a WAL flush the plain one does not need.
  PERFORM set_config('synchronous_commit', 'off', true);
  IF (SELECT muted FROM twoservers.signal) THEN
    UPDATE twoservers.signal SET swallowed = swallowed + 1;
  ELSE
    UPDATE twoservers.signal SET passed = passed + 1;
    PERFORM pg_catalog.pg_notify(channel, payload);
  END IF;
END \$\$"
sql store "ALTER ROLE submitonly IN DATABASE store SET search_path = public, twoservers, pg_catalog"
signal_counts() { sql store "SELECT passed || ' ' || swallowed FROM twoservers.signal"; }
configure_template

# tmpfs: smtp-sink writes each message to a temporary file beside the pipe before copying it in.
first_sink_port="$(free_port_from "${SINK_PORT:-2660}")"
dump_dir="/dev/shm/msgstore-twoservers-sink-$first_sink_port"
rm -rf "$dump_dir"
mkdir -p "$dump_dir"
mkfifo "$dump_dir/dump.fifo"
trap 'stop_all; rm -rf "$dump_dir"' EXIT
start_sink "$first_sink_port" sink-submit-only "$dump_dir/dump.fifo"
pg_pid="$(head -n 1 "$pg_data/postmaster.pid")"
start_node b
wait_node b || exit 2
start_node a -Dreliability.spoolerEnabled=false -Dreliability.dbUser=submitonly \
  -Dbench.sinkDump="$dump_dir/dump.fifo" -Dbench.sinkPid="$sink_pid" -Dbench.dbPid="$pg_pid"
wait_node a || exit 2
echo "server a (submit-only, HTTP $((8080 + offset_of[a]))) and b (spooler, HTTP $((8080 + offset_of[b]))) up, smtp-sink on $sink_port, PostgreSQL on $pg_port"

# Column N (1-based, as in the cell's table) of the row $1.
column() { echo "$1" | awk -F'|' -v n="$2" '{v = $(n + 1); gsub(/ /, "", v); print v}'; }
set_muted() { sql store "UPDATE twoservers.signal SET muted = $1"; }

echo "Warming up (discarded)..."
call_node a "cell?path=msgstore&concurrency=4&seconds=5&runs=1" 600 > /dev/null
rows=()
if [ -n "${PEAK_RATE:-}" ]; then
  peak="$PEAK_RATE"
  peak_row="(PEAK_RATE=$PEAK_RATE, not measured)"
else
  peak_row="$(call_node a "cell?path=msgstore&concurrency=$peak_concurrency&seconds=$peak_seconds&runs=1" 1800)"
  peak="$(column "$peak_row" 9)"
  echo "peak: $peak_row"
fi
half="$(awk -v p="$peak" 'BEGIN {printf "%d", p / 2}')"
failed=0
verdicts=()
for rate in $rates; do
  [ "$rate" = half ] && rate="$half"
  for mode in signal poll; do
    if [ "$mode" = signal ]; then set_muted false; label="NOTIFY/LISTEN"; else set_muted true; label="poll $poll_ms ms"; fi
    read -r passed_before swallowed_before <<< "$(signal_counts)"
    row="$(call_node a "cell?path=msgstore&concurrency=$concurrency&seconds=$run_seconds&runs=1&rate=$rate" 1800)"
    read -r passed_after swallowed_after <<< "$(signal_counts)"
    announced="$((passed_after - passed_before)) passed, $((swallowed_after - swallowed_before)) swallowed"
    # The cell's row less its path column, its note (if any) after the announcements.
    row="$(echo "$row" | head -n 1)"
    note="$(echo "$row" | grep -o '<!--.*-->' || true)"
    cells="$(echo "${row%%<!--*}" | sed -e 's/^| msgstore //' -e 's/ *$//')"
    line="| $label $cells $announced |${note:+ $note}"
    echo "$line"
    rows+=("$line")
    errors="$(column "$row" 15)"
    if echo "$row" | grep -q "reached the sink\|had no sink timestamp" || [ "$errors" != 0 ]; then
      verdicts+=("* $rate msg/s, $label: FAIL: $(echo "$row" | grep -o '<!--.*-->' || echo "$errors errors")")
      failed=1
    fi
    if [ "$rate" = "$half" ] && [ "$mode" = signal ]; then
      p99="$(column "$row" 11)"
      met="$(awk -v p="$p99" -v t="$target_p99_ms" 'BEGIN {print (p != "n/a" && p + 0 <= t) ? "met" : "missed"}')"
      verdicts+=("* half of peak ($half msg/s of $peak) with NOTIFY/LISTEN: commit → accepted p99 $p99 ms, target ≤ $target_p99_ms ms $met")
    fi
  done
done
set_muted false
{
  echo
  echo "<!-- $(date -u +%FT%TZ) SCENARIO=submit-only RATES=\"$rates\" RUN_SECONDS=$run_seconds CONCURRENCY=$concurrency PEAK_SECONDS=$peak_seconds PEAK_CONCURRENCY=$peak_concurrency POLL_MS=$poll_ms SPOOLER_THREADS=$threads; $(nproc) cores, load $(load_average); commit $(git -C "$root" rev-parse --short HEAD) -->"
  echo "peak (a submits closed loop at $peak_concurrency callers, b delivers): $peak msg/s end to end"
  echo "peak row: $peak_row"
  echo
  echo "| wake-up | concurrency | offered msg/s | runs | committed | tx/s | commit p50 ms | commit p99 ms | end-to-end msg/s | commit→accepted p50 ms | commit→accepted p99 ms | commit→accepted max ms | CPU s per 1k msg: total (server a + sink + PostgreSQL) | SMTP sessions per msg | errors | load (1 min) | announcements |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for r in "${rows[@]}"; do echo "$r"; done
  echo
  for v in "${verdicts[@]}"; do echo "$v"; done
} | tee -a "$results"
echo "Results: $results"
exit "$failed"
