# Sourced by the Payara fault scenarios (reliability/payara-kill.sh, payara-two-servers-kill.sh,
# payara-in-doubt.sh): the build, Payara 6 unpacked from the local Maven repository, domains created
# and configured with asadmin as the README's Payara recipe does, the war of reliability/payara/src,
# the sink, and a private PostgreSQL cluster. Everything it makes is under reliability/target/payara.
# Ports: the domains' port bases (admin +48, HTTP +80, HTTPS +81, JMX +86; the scripts use 15800
# and 16800, the Payara ITs 14800), the sink from 2700, PostgreSQL on PG_PORT.
#
# Common settings (environment variables; defaults in brackets):
#   PG_PORT [6250]          the private PostgreSQL cluster's port (where a scenario uses one)
#   SINK_PORT [2700]        first port tried for the sink
#   START_SECONDS [300]     longest wait for a domain to (re)start and its war to answer
#   MVN_ARGS [""]           extra Maven arguments for the build (e.g. -o); SKIP_BUILD=1 reuses it
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
start_seconds="${START_SECONDS:-300}"
pg_port="${PG_PORT:-6250}"
target="$root/reliability/target/payara"
domains="$target/domains"
payara_version="$(sed -n 's:.*<version.payara>\(.*\)</version.payara>.*:\1:p' it-payara/pom.xml)"
postgresql_version="$(sed -n 's:.*<version.postgresql>\(.*\)</version.postgresql>.*:\1:p' pom.xml)"
declare -A portbase_of=() # domain → its port base
declare -A starting=()    # domain → pid of its asadmin start-domain, while it runs

port_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
free_port_from() {
  local p="$1"
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}
now() { date +%s.%N; }
# Seconds from $1 to $2, one decimal.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
# Value of key $2 in the key=value line $1.
value() { echo "$1" | tr ' ' '\n' | grep "^$2=" | head -n 1 | cut -d= -f2; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }
# Fails (exit 2) unless the ports of port base $1 are free.
check_portbase() {
  local p
  for p in $(($1 + 48)) $(($1 + 80)) $(($1 + 81)) $(($1 + 86)); do
    port_free "$p" || { echo "port $p (port base $1) is taken" >&2; exit 2; }
  done
}
sink="$(command -v smtp-sink || echo /usr/sbin/smtp-sink)"
[ -x "$sink" ] || { echo "needs Postfix's smtp-sink (apt-get install postfix)" >&2; exit 2; }

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "Building msgstore.rar..."
  # shellcheck disable=SC2086 # MVN_ARGS is a list of arguments
  mvn -B -q -Dstyle.color=never ${MVN_ARGS:-} -DskipTests -pl rar -am package
fi
rar="$root/rar/target/msgstore.rar"
[ -f "$rar" ] || { echo "no $rar: run without SKIP_BUILD" >&2; exit 2; }
mkdir -p "$target"

# Payara from the local Maven repository, unpacked once (as it-payara does into its target/).
payara_home="$target/payara6"
if [ ! -x "$payara_home/bin/asadmin" ]; then
  zip="$HOME/.m2/repository/fish/payara/distributions/payara/$payara_version/payara-$payara_version.zip"
  if [ ! -f "$zip" ]; then
    # shellcheck disable=SC2086
    mvn -B -q ${MVN_ARGS:-} dependency:get -Dartifact="fish.payara.distributions:payara:$payara_version:zip" -Dtransitive=false
  fi
  unzip -q -o "$zip" -d "$target"
fi
asadmin() { "$payara_home/bin/asadmin" --interactive=false "$@"; }
# asadmin against the running domain $1; its output goes to asadmin-$1.log, a failure ends the run.
remote() {
  local d="$1"
  shift
  asadmin --port $((portbase_of[$d] + 48)) "$@" >> "$target/asadmin-$d.log" 2>&1 || {
    tail -n 20 "$target/asadmin-$d.log" >&2
    exit 2
  }
}

# The war: javac against the Jakarta EE API and msgstore-api (the reactor's build above).
build_war() {
  local ee classes
  ee="$HOME/.m2/repository/jakarta/platform/jakarta.jakartaee-api/10.0.0/jakarta.jakartaee-api-10.0.0.jar"
  classes="$target/war/WEB-INF/classes"
  rm -rf "$target/war" "$target/msgstore-reliability.war"
  mkdir -p "$classes"
  # shellcheck disable=SC2046 # one argument per source file
  javac --release 17 -nowarn -d "$classes" -cp "$ee:$root/api/target/classes" \
    $(find "$root/reliability/payara/src" -name '*.java')
  jar cf "$target/msgstore-reliability.war" -C "$target/war" .
}

java_pid() { cat "$domains/$1/config/pid" 2> /dev/null || true; }
# A fresh domain $1 with port base $2 (its directory, so an embedded store, is new).
create_domain() {
  local d="$1"
  check_portbase "$2"
  portbase_of[$d]="$2"
  rm -rf "${domains:?}/$d" "$target/asadmin-$d.log" "$target/start-$d.log"
  asadmin create-domain --nopassword --portbase "$2" --domaindir "$domains" "$d" > "$target/asadmin-$d.log" 2>&1 ||
    { cat "$target/asadmin-$d.log" >&2; exit 2; }
}
# The PostgreSQL JDBC driver in domain $1's lib/, where a JDBC connection pool finds it (what
# `asadmin add-library` does, done before the first start instead of followed by a restart). The
# store itself needs none: the rar bundles the driver for jdbcUrl.
install_postgres_driver() {
  local jar="$HOME/.m2/repository/org/postgresql/postgresql/$postgresql_version/postgresql-$postgresql_version.jar"
  [ -f "$jar" ] || { echo "no $jar in the local Maven repository" >&2; exit 2; }
  mkdir -p "$domains/$1/lib"
  cp "$jar" "$domains/$1/lib/"
}
# asadmin start-domain $1 in the background: it returns once the server is up, but the adapter may
# deliver before that; wait_ready times both.
start_domain() {
  asadmin start-domain --domaindir "$domains" "$1" >> "$target/start-$1.log" 2>&1 &
  starting[$1]=$!
}
# Waits for domain $1's start-domain to return; exit 2 if it failed.
wait_started() {
  [ -n "${starting[$1]:-}" ] || return 0
  wait "${starting[$1]}" || { tail -n 20 "$target/start-$1.log" >&2; exit 2; }
  starting[$1]=""
}
# Reaps domain $1's start-domain once it returned (its exit status aside: a restarted domain's war
# answering is what counts, see wait_ready).
reap_started() {
  [ -n "${starting[$1]:-}" ] && { wait "${starting[$1]}" 2> /dev/null || true; }
  starting[$1]=""
}
# kill -9 of domain $1's JVM; returns once it is gone.
kill_domain() {
  local j
  j="$(java_pid "$1")"
  [ -n "$j" ] && kill -9 "$j" 2> /dev/null || true
  [ -n "$j" ] && while kill -0 "$j" 2> /dev/null; do sleep 0.1; done
  [ -n "${starting[$1]:-}" ] && { kill "${starting[$1]}" 2> /dev/null || true; wait "${starting[$1]}" 2> /dev/null || true; }
  starting[$1]=""
}
api_of() { echo "http://127.0.0.1:$((portbase_of[$1] + 80))/msgstore-reliability/api/reliability"; }
# GET $2 of domain $1's war; $3: timeout in seconds.
call_on() { curl -sS --fail --max-time "${3:-30}" "$(api_of "$1")/$2"; }

# Domain $1 configured as the README's recipe does: the resource-adapter config $2 (properties,
# ':' separated), msgstore.rar, an XA connector pool whose connection-definition properties are $3,
# the resource eis/MsgStore, a ping, and the war.
configure_domain() {
  local d="$1"
  remote "$d" create-resource-adapter-config --property "$2" msgstore
  remote "$d" deploy --name msgstore "$rar"
  remote "$d" create-connector-connection-pool --raname msgstore \
    --connectiondefinition org.msgstore.MessageStoreConnectionFactory \
    --transactionsupport XATransaction --steadypoolsize 0 --maxpoolsize 40 --property "$3" MsgStorePool
  remote "$d" create-connector-resource --poolname MsgStorePool eis/MsgStore
  remote "$d" ping-connection-pool MsgStorePool
  remote "$d" deploy --name msgstore-reliability "$target/msgstore-reliability.war"
}
# The benchmarks' adapter settings (bench.cli on WildFly): the spooler polling every second, retries
# after 10 s; the sink's port and SPOOLER_THREADS, LEASE_MS from the caller (threads, lease_ms).
adapter_properties() {
  echo "smtpHost=127.0.0.1:smtpPort=$sink_port:spoolerThreads=$threads:spoolerPollIntervalMs=1000:retryMinMs=10000:retryMaxMs=60000:smtpConnectTimeoutMs=5000:localDomains=msgstore.local:spoolerLeaseMs=$lease_ms"
}
# The store in the private cluster's database "store", by jdbcUrl (':' escaped for asadmin).
postgres_store_properties() { echo "jdbcUrl=jdbc\\:postgresql\\://127.0.0.1\\:$pg_port/store:jdbcUser=msgstore"; }

# Waits (bounded) until domain $1's war answers. With $2, a sink count: sets resumed to the instant
# the sink first goes beyond it (the adapter starts, and may deliver, before the war answers).
wait_ready() {
  local d="$1" deadline=$((SECONDS + start_seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ -n "${2:-}" ] && [ -z "$resumed" ] && [ "$(sink_count)" -gt "$2" ] 2> /dev/null; then
      resumed="$(now)"
    fi
    call_on "$d" counts 5 > /dev/null 2>&1 && return 0
    if [ -n "${starting[$d]:-}" ] && ! kill -0 "${starting[$d]}" 2> /dev/null; then
      wait "${starting[$d]}" || { echo "asadmin start-domain $d failed: see $target/start-$d.log" >&2; return 1; }
      starting[$d]=""
    fi
    sleep 0.5
  done
  echo "Payara domain $d did not answer within $start_seconds s: see $domains/$d/logs/server.log" >&2
  return 1
}

# The sink: smtp-sink whose -D dump keeps every message it accepted (with the client's HELO name),
# files sink-$1.out and sink-$1.dump.
sink_pid=""
start_sink() {
  sink_port="$(free_port_from "${SINK_PORT:-2700}")"
  sink_out="$target/sink-$1.out"
  dump="$target/sink-$1.dump"
  rm -f "$dump" "$sink_out"
  "$sink" -c -u "$(id -un)" -D "$dump" "127.0.0.1:$sink_port" 1000 > "$sink_out" 2>&1 &
  sink_pid=$!
}
stop_sink() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null || true
  [ -n "$sink_pid" ] && wait "$sink_pid" 2> /dev/null || true
  sink_pid=""
}
# Messages the sink has accepted so far (smtp-sink -c writes "sess=N quit=N mesg=N" per message).
sink_count() {
  local c
  c="$(tr '\r' '\n' < "$sink_out" 2> /dev/null | grep -o 'mesg=[0-9]*' | tail -n 1 | cut -d= -f2 || true)"
  echo "${c:-0}"
}

# The private PostgreSQL cluster (as run.sh's): loopback, port PG_PORT, XA (max_prepared_transactions),
# superuser msgstore, trust; database "store".
pg_bin=""
pg_data="$target/postgres/data"
pg_running=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_postgres() {
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)"
  [ -n "$pg_bin" ] || { echo "needs PostgreSQL's binaries (apt-get install postgresql)" >&2; exit 2; }
  port_free "$pg_port" || { echo "port $pg_port is taken: set PG_PORT" >&2; exit 2; }
  rm -rf "$target/postgres"
  mkdir -p "$target/postgres"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$target/postgres"
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U msgstore --auth=trust --encoding=UTF8 --locale=C > "$target/postgres-initdb.log"
  cat >> "$pg_data/postgresql.conf" << PG
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = ''
max_prepared_transactions = 100
max_connections = 200
PG
  as_postgres "$pg_bin/pg_ctl" start -D "$pg_data" -l "$target/postgres/server.log" -w -t 60 > /dev/null
  pg_running=1
  sql postgres "CREATE DATABASE store"
}
sql() { "$pg_bin/psql" -X -A -t -q -h 127.0.0.1 -p "$pg_port" -U msgstore -d "$1" -c "$2"; }

stop_all() {
  local d
  for d in "${!portbase_of[@]}"; do kill_domain "$d"; done
  stop_sink
  [ -n "$pg_running" ] && as_postgres "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w -t 30 > /dev/null 2>&1 || true
  pg_running=""
}
trap stop_all EXIT
