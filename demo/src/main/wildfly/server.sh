#!/usr/bin/env bash
# The WildFly the demo runs on, used by ../../../../demo.sh and by DemoPageIT alike.
#   server.sh prepare TARGET BASE   fresh TARGET/BASE (a copy of standalone/), configured with
#                                   demo.cli, msgstore.rar and msgstore-demo.war in deployments/,
#                                   a new DKIM key in BASE/dkim/demo.p12, a new bounce signing key
#                                   in BASE/configuration/demo-bounce.properties
#   server.sh run TARGET BASE [standalone.sh arguments...]   runs it in the foreground
# TARGET is demo/target after "mvn package": it holds wildfly-<version>/, msgstore.rar and
# msgstore-demo.war.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command="${1:?usage: server.sh prepare|run TARGET BASE [args...]}"
target="$(cd "${2:?TARGET missing}" && pwd)"
base="$target/${3:?BASE missing}"
shift 3
jboss_home="$(ls -d "$target"/wildfly-*/ 2> /dev/null | head -n 1)"
if [ -z "$jboss_home" ] || [ ! -x "$jboss_home/bin/standalone.sh" ]; then
  echo "no WildFly under $target: build first (mvn -B -DskipTests -pl demo -am package)" >&2
  exit 1
fi
jboss_home="${jboss_home%/}"

case "$command" in
  prepare)
    rm -rf "$base"
    cp -r "$jboss_home/standalone" "$base"
    # A fresh DKIM key for msgstore.local, the demo's From domain, with the JDK's keytool (no
    # openssl needed); demo.cli points dkimKeyStore at it. Made anew with each prepared server.
    mkdir -p "$base/dkim"
    "${JAVA_HOME:+$JAVA_HOME/bin/}keytool" -genkeypair -keyalg RSA -keysize 2048 -validity 3650 \
      -alias demo -dname CN=msgstore.local -storetype PKCS12 -keystore "$base/dkim/demo.p12" \
      -storepass demo-dkim -keypass demo-dkim > "$target/$(basename "$base")-keytool.log" 2>&1 || {
      cat "$target/$(basename "$base")-keytool.log" >&2
      echo "making the demo's DKIM key with keytool failed (log above)" >&2
      exit 1
    }
    # A fresh bounce signing key (bounceSigningKeys, HMAC of the VERP tokens): random per prepared
    # server, never committed; demo.cli refers to it, "run" loads it as a system property.
    key="$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')"
    (umask 077 && printf 'msgstore.demo.bounceSigningKey=%s\n' "$key" > "$base/configuration/demo-bounce.properties")
    JAVA_OPTS="-Djboss.server.base.dir=$base" "$jboss_home/bin/jboss-cli.sh" --file="$here/demo.cli" > "$target/$(basename "$base")-cli.log" 2>&1 || {
      cat "$target/$(basename "$base")-cli.log" >&2
      echo "configuring WildFly failed (log above)" >&2
      exit 1
    }
    cp "$target/msgstore.rar" "$target/msgstore-demo.war" "$base/deployments/"
    ;;
  run)
    export LAUNCH_JBOSS_IN_BACKGROUND=1
    exec "$jboss_home/bin/standalone.sh" -Djboss.server.base.dir="$base" -b 127.0.0.1 \
      --properties="file:$base/configuration/demo-bounce.properties" "$@"
    ;;
  *)
    echo "unknown command $command: prepare or run" >&2
    exit 2
    ;;
esac
