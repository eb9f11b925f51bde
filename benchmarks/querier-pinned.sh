#!/usr/bin/env bash
# Runs QuerierBenchHarness with its StoreAPI servers in a child JVM on a core of their own: the
# harness (direct path and querier) on CPU 0, the server child on CPU 1, as replicas on machines of
# their own would be. Needs two CPUs and taskset (util-linux).
#
#   benchmarks/querier-pinned.sh WORK_DIR [RUNS] [WARMUPS] [QUERY...] -- [JVM -D options...]
#
# e.g. benchmarks/querier-pinned.sh /tmp/qb 60 300 sumRate -- -Dharness.threadCpu=true
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="${BENCH_JAR:-$here/target/benchmarks.jar}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  args+=("$1")
  shift
done
[[ $# -gt 0 ]] && shift
[[ ${#args[@]} -ge 1 ]] || { echo "usage: $0 WORK_DIR [RUNS] [WARMUPS] [QUERY...] -- [JVM options]" >&2; exit 2; }
[[ -f "$jar" ]] || { echo "no $jar: run ./mvnw -pl benchmarks -am package -DskipTests" >&2; exit 2; }
[[ "$(nproc)" -ge 2 ]] || { echo "needs two CPUs" >&2; exit 2; }

taskset -c 0 "$java" -Xmx2g -XX:+UseCompactObjectHeaders -Dharness.serverProcess=true "$@" \
  -cp "$jar" io.argus.bench.QuerierBenchHarness "${args[@]}" &
harness=$!
child=""
for _ in $(seq 1 600); do
  child="$(pgrep -P "$harness" -f 'QuerierBenchHarness\$ServersMain' || true)"
  [[ -n "$child" ]] && break
  kill -0 "$harness" 2>/dev/null || break
  sleep 0.1
done
if [[ -n "$child" ]]; then
  taskset -a -cp 1 "$child" >/dev/null
else
  echo "querier-pinned: the server child did not start; the run is not pinned" >&2
fi
wait "$harness"
