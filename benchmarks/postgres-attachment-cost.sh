#!/usr/bin/env bash
# What an attachment's content costs a PostgreSQL store, in its row (bytea) or as a large object,
# by size (BENCHMARKS.md, "PostgreSQL: small attachments in their row"): runs impl's
# PostgresAttachmentCostBenchmark on the tests' private PostgreSQL cluster (needs the PostgreSQL
# server binaries, as the PostgreSQL tests do) and prints messages/s and CPU per 1,000 messages.
#
# Settings (environment variables; defaults in brackets):
#   SIZES ["1 4 16 64 256"]   attachment sizes in KiB
#   MESSAGES [500]            messages per round;  ROUNDS [3]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/benchmarks/target/postgres-attachment-cost.md"
mkdir -p "$(dirname "$out")"
: > "$out"
mvn -B -q -pl impl -am test -Dtest=PostgresAttachmentCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dbench.sizes=${SIZES:-1 4 16 64 256}" "-Dbench.messages=${MESSAGES:-500}" \
  "-Dbench.rounds=${ROUNDS:-3}" "-Dbench.out=$out"
cat "$out"
