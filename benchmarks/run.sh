#!/usr/bin/env bash
# One command for BENCHMARKS.md: builds msgstore.rar and the benchmark war (-Pbench), unpacks
# WildFly 39.0.1.Final (standalone-full, for Artemis) into benchmarks/target, configures it with
# src/main/wildfly/bench.cli, starts Postfix's smtp-sink on loopback, starts WildFly, and runs every
# path at every concurrency through curl; the rows go to stdout and benchmarks/target/results.md.
# Settings (environment): RUNS (3) per cell, BENCH_SECONDS (10) per run, CONCURRENCY ("1 4 16"),
# PORT_OFFSET (300: HTTP 8380), SINK_PORT (first free from 2526), SPOOLER_THREADS (4),
# DRAIN_MESSAGES (4000) for the backlog drain, PARTS ("submit raw drain": which tables to run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-3}"
seconds="${BENCH_SECONDS:-10}"
concurrency="${CONCURRENCY:-1 4 16}"
offset="${PORT_OFFSET:-300}"
threads="${SPOOLER_THREADS:-4}"
drain_messages="${DRAIN_MESSAGES:-4000}"
parts="${PARTS:-submit raw drain}"
part() { [[ " $parts " == *" $1 "* ]]; }
http=$((8080 + offset))
target="$root/benchmarks/target"

port_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

sink="$(command -v smtp-sink || true)"
[ -z "$sink" ] && [ -x /usr/sbin/smtp-sink ] && sink=/usr/sbin/smtp-sink
if [ -z "$sink" ]; then
  echo "Installing Postfix for its smtp-sink (the postfix service is not started)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix > /dev/null
  sink=/usr/sbin/smtp-sink
fi
sink_port="${SINK_PORT:-2526}"
while ! port_free "$sink_port"; do sink_port=$((sink_port + 1)); done
port_free "$http" || { echo "port $http is taken: set PORT_OFFSET" >&2; exit 1; }

echo "Building msgstore.rar and the benchmark war (the first run downloads WildFly from Maven Central)..."
mvn -B -q -Dstyle.color=never -Pbench -DskipTests -pl benchmarks -am package
jboss_home="$(ls -d "$target"/wildfly-*/ | head -n 1)"
jboss_home="${jboss_home%/}"
base="$target/bench-server"
rm -rf "$base"
cp -r "$jboss_home/standalone" "$base"
JAVA_OPTS="-Djboss.server.base.dir=$base" "$jboss_home/bin/jboss-cli.sh" \
  --file="$root/benchmarks/src/main/wildfly/bench.cli" > "$target/bench-cli.log" 2>&1 || {
  cat "$target/bench-cli.log" >&2
  exit 1
}
cp "$target/msgstore.rar" "$target/msgstore-bench.war" "$base/deployments/"

server_pid=""
sink_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2> /dev/null && wait "$server_pid" 2> /dev/null || true
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null || true
}
trap cleanup EXIT

sink_log="$target/smtp-sink.out"
"$sink" -c -u "$(id -un)" "127.0.0.1:$sink_port" 1000 > "$sink_log" 2>&1 &
sink_pid=$!

PREPEND_JAVA_OPTS="${EXTRA_JAVA_OPTS:-}" LAUNCH_JBOSS_IN_BACKGROUND=1 "$jboss_home/bin/standalone.sh" -c standalone-full.xml \
  -Djboss.server.base.dir="$base" -b 127.0.0.1 -Djboss.socket.binding.port-offset="$offset" \
  -Dbench.smtp.port="$sink_port" -Dbench.sinkLog="$sink_log" -Dbench.spoolerThreads="$threads" \
  > "$target/server.out" 2>&1 &
server_pid=$!
echo "WildFly (pid $server_pid, HTTP $http), smtp-sink (pid $sink_pid, port $sink_port): starting..."
for _ in $(seq 1 180); do
  [ -e "$base/deployments/msgstore-bench.war.deployed" ] && break
  if [ -e "$base/deployments/msgstore-bench.war.failed" ] || [ -e "$base/deployments/msgstore.rar.failed" ]; then
    echo "deployment failed: see $base/log/server.log" >&2
    exit 1
  fi
  sleep 1
done
[ -e "$base/deployments/msgstore-bench.war.deployed" ] || { echo "WildFly did not come up (see $base/log/server.log)" >&2; exit 1; }

api="http://127.0.0.1:$http/msgstore-bench/api"
call() { curl -sS --fail-with-body --max-time 3600 "$api/$1"; }

echo "Warming up (discarded)..."
for path in msgstore jms mail; do call "cell?path=$path&concurrency=4&seconds=5&runs=1" > /dev/null; done
call "raw?connections=4&seconds=3&runs=1" > /dev/null

out="$target/results.md"
{
  echo "<!-- $(date -u +%FT%TZ) RUNS=$runs BENCH_SECONDS=$seconds SPOOLER_THREADS=$threads -->"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB;" \
    "$(java -version 2>&1 | head -n 1); WildFly $(basename "$jboss_home"); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
if part submit; then
  {
    echo
    echo "| path | concurrency | runs | committed (all runs) | tx/s (median) | commit p50 ms | commit p99 ms | end-to-end msg/s | SMTP sessions per msg | errors | load (1 min) per run |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
  } | tee -a "$out"
  for c in $concurrency; do
    for path in msgstore jms mail; do
      call "cell?path=$path&concurrency=$c&seconds=$seconds&runs=$runs" | tee -a "$out"
    done
  done
fi
if part raw; then
  {
    echo
    echo "| raw SMTP | connections | runs | msg/s (median) | load (1 min) per run |"
    echo "|---|---|---|---|---|"
  } | tee -a "$out"
  for c in $concurrency; do
    call "raw?connections=$c&seconds=$seconds&runs=$runs" | tee -a "$out"
  done
fi
if part drain; then
  {
    echo
    echo "| backlog drain | messages | runs | submit s | drain s | msg/s (median) | SMTP sessions per msg | load (1 min) per run |"
    echo "|---|---|---|---|---|---|---|---|"
  } | tee -a "$out"
  for path in msgstore jms; do
    call "drain?path=$path&messages=$drain_messages&concurrency=16&runs=$runs" | tee -a "$out"
  done
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); smtp-sink accepted $(tr '\r' '\n' < "$sink_log" | tail -n 1)" | tee -a "$out"
echo "Results: $out"
