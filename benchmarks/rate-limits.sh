#!/usr/bin/env bash
# The rate-limit measurements of BENCHMARKS.md ("Rate limits"): runs impl's RateLimitBenchmark
# (the spooler's loop with 4 delivery threads, the embedded H2 store, the SMTP transport against
# the scripted SMTP server on loopback), in real time: the accepted rate per second over a minute
# with smtpRate set, then a relay answering 421 for 30 s.
#
# Settings (environment variables; defaults in brackets):
#   RATE [50/s]        smtpRate of the first part;  MEASURE_SECONDS [60] seconds measured
#   STRETCH [30]       seconds the relay answers 421; MESSAGES421 [200] messages queued for it
#   MVN_ARGS [""]      extra Maven arguments, e.g. -o (offline)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/benchmarks/target/rate-limits.md"
mkdir -p "$(dirname "$out")"
: > "$out"
mvn -B -q ${MVN_ARGS:-} -pl impl -am test -Dtest=RateLimitBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dbench.rate=${RATE:-50/s}" "-Dbench.seconds=${MEASURE_SECONDS:-60}" \
  "-Dbench.stretch=${STRETCH:-30}" "-Dbench.messages421=${MESSAGES421:-200}" "-Dbench.out=$out"
cat "$out"
