#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker (KRaft: broker and controller in one JVM) for Sluice's tests.
#
#   bash scripts/kafka/kafka-up.sh        # then: export KAFKA_BROKERS=127.0.0.1:9092
#   bash scripts/kafka/kafka-down.sh      # stops it and removes its data
#
# 1. Fetches the broker jars from Maven Central with mvn (pom.xml beside this script) into a cache directory,
#    reused on later runs: $SLUICE_KAFKA_CACHE (default ~/.cache/sluice-kafka/<version>)/libs.
# 2. Formats KRaft storage in a fresh data directory: $SLUICE_KAFKA_DIR (default <repo>/.kafka, gitignored).
# 3. Starts the broker on 127.0.0.1:$KAFKA_PORT (default 9092), controller on $KAFKA_CONTROLLER_PORT (9093),
#    logging to <data dir>/kafka.log, and writes its pid to <data dir>/kafka.pid.
# 4. Waits until the log says "Kafka Server started" (timeout $KAFKA_START_TIMEOUT seconds, default 90); on
#    failure prints the log's tail, stops the JVM and exits non-zero.
# Running it while the broker it started is still up is a no-op.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="${KAFKA_VERSION:-3.9.1}"
cache="${SLUICE_KAFKA_CACHE:-${HOME}/.cache/sluice-kafka/${version}}"
libs="$cache/libs"
dir="$(realpath -m "${SLUICE_KAFKA_DIR:-$repo/.kafka}")"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
timeout="${KAFKA_START_TIMEOUT:-90}"
pidfile="$dir/kafka.pid"
log="$dir/kafka.log"
started_at=$(date +%s.%N)

say() { echo "kafka-up: $*" >&2; }
fail() { say "error: $*"; exit 1; }

# The data directory is wiped on every start: refuse anything that looks like it holds other data.
case "$dir" in
  / | "$HOME" | "$repo" | "$(realpath -m "$HOME")") fail "refusing to use '$dir' as the broker's data directory (it is wiped)";;
esac

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is not on PATH (the broker needs a JDK 11+ and Maven)"
done

if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  say "already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
  exit 0
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$port" "$controller_port"; do
  port_in_use "$p" && fail "port $p on 127.0.0.1 is already in use (another broker? set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
done

# --- 1. jars ---------------------------------------------------------------------------------------------------
# The .complete marker is written last, so an interrupted download is never mistaken for a full cache.
if [[ ! -f "$libs/.complete" ]]; then
  say "fetching Kafka $version jars from Maven Central into $libs"
  tmp="$cache/libs.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! mvn -B -q -f "$here/pom.xml" -Dkafka.version="$version" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >"$cache/mvn.log" 2>&1; then
    tail -n 40 "$cache/mvn.log" >&2
    rm -rf "$tmp"
    fail "mvn could not fetch the Kafka jars (full log: $cache/mvn.log)"
  fi
  touch "$tmp/.complete"
  rm -rf "$libs"
  mv "$tmp" "$libs"
fi
classpath="$libs/*"

# --- 2. storage ------------------------------------------------------------------------------------------------
rm -rf "$dir"
mkdir -p "$dir/data"
sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" -e "s#@LOG_DIR@#$dir/data#g" \
  "$here/server.properties.template" >"$dir/server.properties"

jvm_opts=(-Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
  -Djava.awt.headless=true -Dlog4j.configuration="file:$here/log4j.properties")
cluster_id="$(java -Dlog4j.configuration="file:$here/log4j.properties" -cp "$classpath" kafka.tools.StorageTool random-uuid)"
java "${jvm_opts[@]}" -cp "$classpath" kafka.tools.StorageTool format -t "$cluster_id" \
  -c "$dir/server.properties" --ignore-formatted >"$dir/format.log" 2>&1 \
  || { cat "$dir/format.log" >&2; fail "formatting KRaft storage failed"; }

# --- 3. start --------------------------------------------------------------------------------------------------
# setsid: the broker outlives this shell and is not hit by a Ctrl-C meant for the caller.
# The inner shell records its own pid and then becomes the JVM, so the pid file names the broker itself
# whether or not setsid had to fork.
setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$pidfile" \
  java "${jvm_opts[@]}" -cp "$classpath" kafka.Kafka "$dir/server.properties" >"$log" 2>&1 </dev/null &
for _ in $(seq 50); do [[ -s "$pidfile" ]] && break; sleep 0.1; done
pid="$(cat "$pidfile")"

# --- 4. wait ---------------------------------------------------------------------------------------------------
deadline=$(( $(date +%s) + timeout ))
until grep -q "Kafka Server started" "$log" 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    tail -n 40 "$log" >&2
    rm -f "$pidfile"
    fail "the broker exited during start-up (log: $log)"
  fi
  if (( $(date +%s) >= deadline )); then
    tail -n 40 "$log" >&2
    bash "$here/kafka-down.sh" --keep-data >/dev/null 2>&1 || true
    fail "the broker was not ready after ${timeout}s (log: $log)"
  fi
  sleep 0.2
done

elapsed=$(awk -v a="$started_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
say "Kafka $version ready on 127.0.0.1:$port (pid $pid, ${elapsed}s); export KAFKA_BROKERS=127.0.0.1:$port"
