#!/usr/bin/env bash
# Commit→accepted latency from a submit-only server to a spooler on another server, one PostgreSQL
# store (RELIABILITY.md, "Submit-only and spooler servers"): runs impl's CrossNodeWakeUpBenchmark,
# with the queue signal (NOTIFY/LISTEN) and with the poll alone, side by side. Needs PostgreSQL's
# server binaries (Debian: postgresql), like the store tests.
#
# Settings (environment variables; defaults in brackets):
#   RATES ["20 100 200"]   messages per second the submit-only server queues, one run each
#   RUN_SECONDS [10]       seconds per run;   POLL_MS [1000]  the spooler's poll interval
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/benchmarks/target/cross-node-wakeup.md"
mkdir -p "$(dirname "$out")"
: > "$out"
mvn -B -q -pl impl -am test -Dtest=CrossNodeWakeUpBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dbench.rates=${RATES:-20 100 200}" "-Dbench.seconds=${RUN_SECONDS:-10}" \
  "-Dbench.pollMs=${POLL_MS:-1000}" "-Dbench.out=$out" ${MVN_ARGS:-}
cat "$out"
