# Sourced by reliability/two-servers-kill.sh and reliability/submit-only.sh: two WildFly servers on
# one MsgStore store in a private PostgreSQL cluster, built and configured like run.sh's servers
# (the benchmark harness's build, bench.cli, store-postgres.cli, reliability.cli) plus
# wildfly/two-servers.cli, with server-lib.sh's helpers. Everything it makes is under
# reliability/target/two-servers; its ports: WildFly offsets 600 (server a) and 700 (server b), the
# sink from 2660, PostgreSQL from 6032.
#
# Common settings (environment variables; defaults in brackets):
#   LEASE_MS [20000]        spoolerLeaseMs
#   SPOOLER_THREADS [4]     spoolerThreads
#   POLL_MS [1000]          spoolerPollIntervalMs
#   START_SECONDS [300]     longest wait for a server to answer
#   MVN_ARGS [""]           extra Maven arguments for the build, e.g. -o; SKIP_BUILD=1 reuses it
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
lease_ms="${LEASE_MS:-20000}"
threads="${SPOOLER_THREADS:-4}"
poll_ms="${POLL_MS:-1000}"
start_seconds="${START_SECONDS:-300}"
target="$root/reliability/target/two-servers"
work="$target"
results="$target/results.md"
# The two servers: name → WildFly port offset.
declare -A offset_of=([a]=600 [b]=700)
offset=600
# shellcheck source=reliability/server-lib.sh
. "$root/reliability/server-lib.sh"

for s in a b; do
  port_free $((8080 + offset_of[$s])) || { echo "port $((8080 + offset_of[$s])) is taken (server $s)" >&2 && exit 2; }
done
build
servers=("$target/server-a" "$target/server-b")
base_of() { echo "$target/server-$1"; }

# A fresh, empty store database (the servers must be stopped).
fresh_store() {
  sql postgres "DROP DATABASE IF EXISTS store WITH (FORCE)"
  sql postgres "CREATE DATABASE store"
}

# One configured base directory; each server starts on a copy of it.
configure_template() {
  local template="$target/template"
  new_base "$template"
  configure "$template" "$clis/bench.cli" "$clis/store-postgres.cli" "$root/reliability/wildfly/reliability.cli" \
    "$root/reliability/wildfly/two-servers.cli"
  cp "$bench/msgstore.rar" "$bench/msgstore-bench.war" "$template/deployments/"
}

# Starts server $1 (a or b) on its base directory as it is (a restart, as the same node); the rest
# of the arguments are extra system properties. Node name, HELO name, transaction node identifier
# and jboss.node.name are two-$1: two servers sharing a store must not share a node identifier, or
# one's recovery manager would take the other's prepared branches for its own.
restart_node() {
  local s="$1"
  shift
  start_server "$(base_of "$s")" "${offset_of[$s]}" \
    -Djboss.node.name="two-$s" -Djboss.tx.node.id="two-$s" -Dreliability.node="two-$s" \
    -Dbench.spoolerThreads="$threads" -Dbench.store=postgres -Dreliability.leaseMs="$lease_ms" \
    -Dreliability.pollMs="$poll_ms" "$@"
}
# Starts server $1 on a fresh copy of the template (as restart_node otherwise).
start_node() {
  rm -rf "$(base_of "$1")"
  cp -r "$target/template" "$(base_of "$1")"
  restart_node "$@"
}
# kill -9 of server $1's JVM; returns once it is gone.
kill_node() { kill_server "$(base_of "$1")"; }
# Waits (bounded) until server $1's war answers.
wait_node() { wait_ready "$(base_of "$1")" "${offset_of[$1]}"; }
# GET $2 of server $1's bench war; $3: timeout in seconds.
call_node() { call "${offset_of[$1]}" "$2" "${3:-30}"; }
