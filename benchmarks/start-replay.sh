#!/usr/bin/env bash
# Compares a fresh `argus server` with Debian's Prometheus starting on the same WAL, in alternating
# rounds: each logged WAL replay time and the time from process start until the log says ready.
#
#   benchmarks/start-replay.sh WAL_DATA_DIR [ROUNDS] [ARGUS_JAR]
#
# WAL_DATA_DIR is a data directory holding a wal/ (for instance the wal-data-10000x100 that the
# IngestHarness replay step leaves behind). Each round starts from a fresh copy of it. ARGUS_JAR
# defaults to argus-app/target/argus.jar; its start-up cache (ARGUS_JAR.aot) is trained once, as
# bin/argus does, and then required (-XX:AOTMode=on), so that a refused cache fails the round
# instead of silently running without it. ARGUS_JVM_OPTS replaces the JVM options of the training
# and of the servers; they default to bin/argus' (its gc_opts). Servers listen on 127.0.0.1 only
# and are stopped after each round. Needs JDK 25 (JAVA_HOME) and /usr/bin/prometheus (its rows are
# skipped without it).
set -euo pipefail

wal_data=${1:?usage: $0 WAL_DATA_DIR [ROUNDS] [ARGUS_JAR]}
rounds=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$(readlink -f "${3:-$root/argus-app/target/argus.jar}")
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'global:\n  scrape_interval: 15s\n' >"$work/config.yml"

read -r -a jvm_opts <<<"${ARGUS_JVM_OPTS:--XX:+UseCompactObjectHeaders -XX:+UseShenandoahGC \
-XX:ShenandoahGCHeuristics=compact -XX:InitialHeapSize=32m -XX:TrimNativeHeapInterval=10000}"
aot="$jar.aot"
if [[ ! -s "$aot" || "$aot" -ot "$jar" ]]; then
  echo "training the start-up cache $aot ..." >&2
  "$java" --enable-native-access=ALL-UNNAMED "${jvm_opts[@]}" \
    -XX:AOTCacheOutput="$aot" -jar "$jar" aot-training >"$work/training.log" 2>&1
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# run NAME LOG COMMAND...: starts COMMAND, waits for "ready" in LOG (at most 20 s), prints the
# milliseconds until then, stops it.
run() {
  local log=$1
  shift
  local start pid ready
  start=$(date +%s%N)
  "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 800); do
    grep -q "ready to receive" "$log" && break
    sleep 0.025
  done
  ready=$((($(date +%s%N) - start) / 1000000))
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$ready"
}

for round in $(seq 1 "$rounds"); do
  rm -rf "$work/data" && cp -r "$wal_data" "$work/data" && rm -rf "$work/data/chunks_head"
  ready=$(run "$work/argus.log" "$java" --enable-native-access=ALL-UNNAMED \
    "${jvm_opts[@]}" -XX:AOTCache="$aot" -XX:AOTMode=on -jar "$jar" server \
    --config.file="$work/config.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:$(free_port)")
  replay=$(grep 'wal replay completed' "$work/argus.log" | grep -o 'duration_ms=[0-9]*' | cut -d= -f2)
  echo "round $round argus      replay_ms=${replay:-?} ready_ms=$ready"

  if [[ -x /usr/bin/prometheus ]]; then
    rm -rf "$work/data" && cp -r "$wal_data" "$work/data" && rm -rf "$work/data/chunks_head"
    ready=$(run "$work/prometheus.log" /usr/bin/prometheus --config.file="$work/config.yml" \
      --storage.tsdb.path="$work/data" --web.listen-address="127.0.0.1:$(free_port)")
    replay=$(grep -o 'total_replay_duration=[^ ]*' "$work/prometheus.log" | cut -d= -f2)
    echo "round $round prometheus replay=${replay:-?} ready_ms=$ready"
  fi
done
