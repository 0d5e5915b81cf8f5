#!/usr/bin/env bash
# What a submit costs the embedded H2 store, without a server (BENCHMARKS.md, "The embedded store's
# commit cost"): runs impl's StoreCommitCostBenchmark (Narayana in the JVM, the store and a
# business-row database on H2, two-phase commit) and prints tx/s and what H2 wrote per transaction.
#
# Settings (environment variables; defaults in brackets):
#   THREADS ["1 16"]      closed-loop callers, one table block each
#   TRANSACTIONS [3000]   transactions per round;  ROUNDS [3]
#   H2_SETTINGS [""]      appended to the store's H2 URL, e.g. ";MAX_LENGTH_INPLACE_LOB=256"
#                         (H2's default LOB threshold, what the store used before schema 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/benchmarks/target/store-commit-cost.md"
mkdir -p "$(dirname "$out")"
: > "$out"
mvn -B -q -pl impl -am test -Dtest=StoreCommitCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dbench.threads=${THREADS:-1 16}" "-Dbench.transactions=${TRANSACTIONS:-3000}" \
  "-Dbench.rounds=${ROUNDS:-3}" "-Dbench.h2=${H2_SETTINGS:-}" "-Dbench.out=$out"
cat "$out"
