#!/usr/bin/env bash
# Issue 9, acceptance 7, with each path in a JVM of its own, as in a deployment: the server that
# answers a query directly never runs the querier's code, and the querier never reads a block. In
# one JVM the two paths share the JIT's type and branch profiles, which slowed the querier's path
# (benchmarks/README.md, "Each path in a JVM of its own"). Runs QuerierBenchHarness ROUNDS times with -Dharness.querierOnly and
# -Dharness.directOnly, alternating which goes first, the servers in a child JVM; pinned (harness
# on CPU 0, servers on CPU 1, through querier-pinned.sh) unless UNPINNED=1. Prints per round and
# query the medians of both paths and their ratios; the raw output goes to OUT_FILE.
#
#   benchmarks/querier-one-path.sh WORK_DIR OUT_FILE ROUNDS RUNS WARMUPS [QUERY...]
#
# e.g. benchmarks/querier-one-path.sh /tmp/qb /tmp/qb.txt 3 60 1000 sumRate
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="${BENCH_JAR:-$here/target/benchmarks.jar}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[[ $# -ge 5 ]] || { echo "usage: $0 WORK_DIR OUT_FILE ROUNDS RUNS WARMUPS [QUERY...]" >&2; exit 2; }
work=$1 out=$2 rounds=$3 runs=$4 warmups=$5
shift 5
[[ -f "$jar" ]] || { echo "no $jar: run ./mvnw -pl benchmarks -am package -DskipTests" >&2; exit 2; }
: > "$out"
for round in $(seq 1 "$rounds"); do
  modes=(querierOnly directOnly)
  (( round % 2 == 0 )) && modes=(directOnly querierOnly)
  for mode in "${modes[@]}"; do
    echo "== round $round $mode load $(cut -d' ' -f1 /proc/loadavg)" >> "$out"
    opts=("-Dharness.$mode=true" -Dharness.threadCpu=true)
    if [[ "${UNPINNED:-0}" == 1 ]]; then
      "$java" -Xmx2g -XX:+UseCompactObjectHeaders -Dharness.serverProcess=true "${opts[@]}" \
        -cp "$jar" io.argus.bench.QuerierBenchHarness "$work" "$runs" "$warmups" "$@" >> "$out" 2>&1
    else
      BENCH_JAR="$jar" "$here/querier-pinned.sh" "$work" "$runs" "$warmups" "$@" -- "${opts[@]}" \
        >> "$out" 2>&1
    fi
  done
done
printf "%-5s %-8s %9s %9s %7s %9s %9s %7s  %s\n" round query "direct ms" "querier" "wall" \
  "cpu dir" "cpu qry" "cpu" results
# A querier-only row: name, direct 0, range, querier wall, range, ratio, cpu dir 0, cpu qry, ...;
# a direct-only row: name, direct wall, range, 0, range, ratio, cpu dir, ...
awk '
  /^== round/ { round = $3; mode = $4 }
  /^(sumRate|raw|p99|topk) / {
    key = round " " $1
    if (mode == "querierOnly") { qw[key] = $4; qc[key] = $8; same[key] = $NF }
    else { dw[key] = $2; dc[key] = $7 }
  }
  END {
    for (key in qw) {
      split(key, k, " ")
      printf "%-5s %-8s %9.1f %9.1f %6.2fx %9.1f %9.1f %6.2fx  %s\n", k[1], k[2], dw[key], qw[key],
        qw[key] / dw[key], dc[key], qc[key], qc[key] / dc[key], same[key]
    }
  }' "$out" | sort -k2,2 -k1,1n
