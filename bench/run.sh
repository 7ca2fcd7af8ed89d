#!/usr/bin/env bash
# Runs Signet's benchmarks on demand (never part of ./signet test) and writes JSON results under
# bench/results/. Usage:
#   bench/run.sh jmh [REGEX] [JMH options...]   JMH micro-benchmarks (default: all; default options
#       -f 1 -wi 2 -w 5s -i 5 -r 5s, replaced by any options you give), e.g.
#       bench/run.sh jmh 'Pkcs11SignBenchmark|TsaBenchmark' -f 1 -wi 2 -w 5s -i 5 -r 5s -t 2
# The machine is shared and small: run nothing else meanwhile, and quote ratios from one run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOME_DIR=${SIGNET_BENCH_HOME:-$ROOT/var/bench}
RESULTS=$ROOT/bench/results
mkdir -p "$RESULTS"

"$ROOT/signet" provision "$HOME_DIR" >/dev/null 2>&1 || "$ROOT/signet" provision "$HOME_DIR"
# shellcheck disable=SC1091
. "$HOME_DIR/signet-hsm.env"
export SOFTHSM2_CONF SIGNET_HSM_LIBRARY SIGNET_HOME=$HOME_DIR

build_jmh() {
  # One reactor run, so sibling modules resolve from their build output (nothing is installed).
  (cd "$ROOT" && mvn -q -B -pl bench -am package dependency:build-classpath -DskipTests \
     -Dmdep.outputFile="$ROOT/bench/target/classpath.txt" -Dmdep.includeScope=runtime)
}

part=${1:-jmh}; shift || true
case "$part" in
  jmh)
    regex=${1:-.}; shift || true
    build_jmh
    out=$RESULTS/jmh-$(date -u +%Y%m%dT%H%M%SZ).json
    opts=("$@")
    [ ${#opts[@]} -gt 0 ] || opts=(-f 1 -wi 2 -w 5s -i 5 -r 5s)
    java -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" org.openjdk.jmh.Main "$regex" \
      -rf json -rff "$out" "${opts[@]}"
    echo "results: $out"
    ;;
  *) echo "unknown part '$part' (jmh)" >&2; exit 2 ;;
esac
