#!/usr/bin/env bash
# One command: build the adapter and the demo, unpack WildFly from Maven Central, configure it
# (demo/src/main/wildfly/demo.cli) and run it in the foreground until Ctrl-C.
# Extra arguments go to standalone.sh, e.g. -Dmsgstore.demo.smtpHost=smtp.example.com (README).
set -euo pipefail
cd "$(dirname "$0")"
echo "Building MsgStore and the demo (the first run downloads WildFly, ~260 MB, from Maven Central)..."
mvn -B -q -Dstyle.color=never -DskipTests -pl demo -am package
demo/src/main/wildfly/server.sh prepare demo/target demo-server
port=8080
for arg in "$@"; do
  case "$arg" in -Djboss.socket.binding.port-offset=*) port=$((8080 + ${arg#*=})) ;; esac
done
echo
echo "  MsgStore demo: http://127.0.0.1:$port/msgstore-demo/   (starting; Ctrl-C stops the server)"
echo
exec demo/src/main/wildfly/server.sh run demo/target demo-server "$@"
