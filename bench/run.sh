#!/usr/bin/env bash
# Runs Signet's benchmarks on demand (never part of ./signet test) and writes JSON results under
# bench/results/. Usage:
#   bench/run.sh load SCENARIO [LEVELS] [DURATION]   HTTP load against a freshly started appliance:
#       SCENARIO tsa | signhash | pades | validate | health; LEVELS default 1,2,8,32,128; DURATION
#       seconds (15). signhash: CSC authorize + signHash with the seal key, SIGNET_BENCH_HASHES hashes per
#       call (default 1); throughput counts signatures. SIGNET_BENCH_LABEL names the run in the results
#       and the report instead of the scenario (e.g. validate-nocache for a run with the cache off), so
#       the report keeps it apart from the scenario's default run.
#       Also records the appliance's start-up time and its peak RSS under load. SIGNET_BENCH_FRESH_DB=1
#       deletes the benchmark home's H2 database first (the suite does this for every start);
#       SIGNET_BENCH_PREWARM=S runs S seconds of unmeasured load at 8 clients before the first level (suite: 30).
#       The driver's HTTP client is a blocking keep-alive socket per client (the lightest: the driver shares the
#       two cores with the appliance); SIGNET_BENCH_CLIENT=jdk uses the JDK's HttpClient instead (rounds 1-8).
#       Reports the driver's own CPU per operation beside the appliance's.
#   bench/run.sh pdfsize [SIZES]   sign time vs PDF size over HTTP (one POST /api/v1/signatures per PDF,
#       PAdES B-B, seal), with SHA-256 MB/s over the same file in the same run; SIZES default
#       10KB,1MB,10MB,100MB,500MB; generated PDFs under var/bench/pdf, deleted after use. The PDF is sent as
#       the raw request body (application/pdf); SIGNET_BENCH_PDF_UPLOAD=multipart sends the form instead,
#       =both alternates the two on each repetition (same session, same load). Also records the
#       appliance's CPU ms per request and its read/write bytes per file size (/proc) and the load average.
#   bench/run.sh pdflocal [SIZES]   server-side sign time of a PDF already on disk, no HTTP (SigningService,
#       PAdES B-B, seal, audit digests): time until the signed PDF is ready to stream and file-to-file, with
#       SHA-256 MB/s of the same file in the same JVM and run; heap options from appliance/jvm.options.
#   bench/run.sh all   the whole suite (JMH with raw PKCS#11 brackets, every load scenario, both PDF
#       sweeps), then report; about 35 minutes on 2 cores.
#   bench/run.sh report   reads bench/results/ and rewrites the tables between the markers in
#       docs/benchmarks.md and the chart docs/benchmarks.png.
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

# Starts the appliance as ./signet run starts it (appliance/jvm.options, extracted jar, CDS archive) on
# a free port, plain HTTP, no rate limit; extra options from SIGNET_BENCH_JAVA_OPTS come after the
# file's, so they win. Sets app (pid), port, startup_ms, startup_cpu_ms; samples the RSS every second.
start_appliance() {
  local name=$1; shift
  # A fresh fat jar (Spring Boot's repackage keeps the old one when only other modules changed).
  rm -f "$ROOT/appliance/target/signet.jar" "$ROOT/appliance/target/signet.jar.original"
  (cd "$ROOT" && mvn -q -B -pl appliance -am package -DskipTests)
  # The embedded H2 file grows with every run (audit log) and H2 compacts it at open, which adds to the
  # start-up (docs/benchmarks.md round 7): recorded with the start-up so runs can be compared.
  # SIGNET_BENCH_FRESH_DB=1 (set by `all`) starts each appliance on an empty database instead: the
  # benchmark home's own audit log, nothing else lives there.
  if [ "${SIGNET_BENCH_FRESH_DB:-0}" = 1 ]; then rm -rf "$HOME_DIR/db"; fi
  h2_db_bytes=$( (du -sb "$HOME_DIR/db" 2>/dev/null || echo 0) | cut -f1)
  port=${SIGNET_BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  log=$RESULTS/appliance-$name.log
  mapfile -t launch < <("$ROOT/signet" java-args)
  local started
  started=$(date +%s%N)
  # The same malloc arena cap as ./signet run and the images (see signet); SIGNET_BENCH_MALLOC_ARENA_MAX overrides.
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=${SIGNET_BENCH_MALLOC_ARENA_MAX:-2} java "${launch[@]:0:${#launch[@]}-2}" ${SIGNET_BENCH_JAVA_OPTS:-} "${launch[@]: -2}" --server.port="$port" \
    --server.ssl.enabled=false --signet.security.rate-limit.enabled=false "$@" > "$log" 2>&1 &
  app=$!
  trap 'kill $app 2>/dev/null || true' EXIT
  until curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null; do
    kill -0 $app 2>/dev/null || { echo "appliance died, see $log" >&2; exit 1; }
    sleep 0.05
  done
  startup_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  startup_cpu_ms=$(awk '{print ($14 + $15) * 10}' "/proc/$app/stat")
  ( while kill -0 $app 2>/dev/null; do ps -o rss= -p $app; sleep 1; done ) > "$RESULTS/rss-$name.txt" &
  sampler=$!
}

# Appends start-up time, start-up CPU, peak RSS and the JVM options to $out, then stops the appliance.
finish_appliance() {
  local name=$1 peak
  kill $sampler 2>/dev/null || true
  peak=$(sort -n "$RESULTS/rss-$name.txt" | tail -n 1)
  printf '{"scenario":"%s","startup_ms":%d,"startup_cpu_ms":%d,"h2_db_bytes_at_start":%d,"peak_rss_kb":%d,"load_average":"%s","jvm":"%s"}\n' "$name" \
    "$startup_ms" "$startup_cpu_ms" "${h2_db_bytes:-0}" "${peak:-0}" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "MALLOC_ARENA_MAX=${SIGNET_BENCH_MALLOC_ARENA_MAX:-2} ${launch[*]:0:${#launch[@]}-2} ${SIGNET_BENCH_JAVA_OPTS:-}" >> "$out"
  echo "start-up ${startup_ms} ms (process start to health UP, ${startup_cpu_ms} ms CPU, H2 file $(( ${h2_db_bytes:-0} / 1048576 )) MB), peak RSS ${peak:-0} kB; results: $out"
  kill $app 2>/dev/null || true
  wait $app 2>/dev/null || true
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
  load)
    scenario=${1:?scenario: tsa | pades | validate | health}
    levels=${2:-1,2,8,32,128}
    duration=${3:-15}
    build_jmh
    out=$RESULTS/load-$scenario-$(date -u +%Y%m%dT%H%M%SZ).jsonl
    start_appliance "$scenario"
    token=$(SIGNET_HOME=$HOME_DIR "$ROOT/signet" dev-token portal)
    document=${SIGNET_BENCH_DOCUMENT:-$ROOT/docs/samples/dossier.pdf}
    if [ "$scenario" = validate ]; then
      document=$RESULTS/signed-sample.pdf
      curl -sf -H "Authorization: Bearer $token" -F file=@"$ROOT/docs/samples/dossier.pdf" \
        -o "$document" "http://127.0.0.1:$port/api/v1/signatures"
      token=$(SIGNET_HOME=$HOME_DIR "$ROOT/signet" dev-token auditor)
    fi
    java -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" org.signet.bench.load.LoadDriver \
      --base "http://127.0.0.1:$port" --scenario "$scenario" --token "$token" --levels "$levels" \
      --warmup 5 --duration "$duration" --out "$out" --document "$document" --hashes "${SIGNET_BENCH_HASHES:-1}" --pid "$app" \
      --label "${SIGNET_BENCH_LABEL:-}" --prewarm "${SIGNET_BENCH_PREWARM:-0}" --client "${SIGNET_BENCH_CLIENT:-socket}"
    finish_appliance "$scenario"
    ;;
  pdfsize)
    sizes=${1:-10KB,1MB,10MB,100MB,500MB}
    build_jmh
    out=$RESULTS/pdfsize-$(date -u +%Y%m%dT%H%M%SZ).jsonl
    # The document limits raised for the sweep only; the heap stays as appliance/jvm.options sets it.
    start_appliance pdfsize --signet.signer.max-document-size=600MB --spring.servlet.multipart.max-file-size=600MB \
      --spring.servlet.multipart.max-request-size=601MB
    token=$(SIGNET_HOME=$HOME_DIR "$ROOT/signet" dev-token portal)
    java -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" org.signet.bench.pdf.PdfSizeSweep \
      --base "http://127.0.0.1:$port" --token "$token" --dir "$HOME_DIR/pdf" --out "$out" --sizes "$sizes" \
      --upload "${SIGNET_BENCH_PDF_UPLOAD:-raw}" --pid "$app"
    finish_appliance pdfsize
    ;;
  pdflocal)
    # Server-side sign time of a PDF already on disk (no HTTP): SigningService + PAdES signer + SoftHSM seal
    # in one JVM with the appliance's heap (appliance/jvm.options; SIGNET_BENCH_JAVA_OPTS after it), SHA-256
    # over the same file in the same run.
    sizes=${1:-10KB,1MB,10MB,100MB,500MB}
    build_jmh
    out=$RESULTS/pdflocal-$(date -u +%Y%m%dT%H%M%SZ).jsonl
    # shellcheck disable=SC2046,SC2086
    java $(grep -E '^-X' "$ROOT/appliance/jvm.options" | tr '\n' ' ') ${SIGNET_BENCH_JAVA_OPTS:-} \
      -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" org.signet.bench.pdf.PdfLocalSweep \
      --dir "$HOME_DIR/pdf" --out "$out" --sizes "$sizes"
    echo "results: $out"
    ;;
  all)
    # The whole suite in the order of docs/benchmarks.md's round 5, raw PKCS#11 runs bracketing the
    # ratios, then the report. About 35 minutes; run nothing else meanwhile.
    self=$ROOT/bench/run.sh
    # Every start-up in the suite on an empty H2 file, so they compare (round 8 ran on a grown one).
    export SIGNET_BENCH_FRESH_DB=${SIGNET_BENCH_FRESH_DB:-1}
    # and every load scenario after 30 s of unmeasured load at 8 clients (the JIT's first half-minute).
    export SIGNET_BENCH_PREWARM=${SIGNET_BENCH_PREWARM:-30}
    # A minute of warm-up: the TSA's code was still being compiled (C2) 20-30 s into a run, so the old
    # 20 s warm-up measured part of the JIT's work (docs/benchmarks.md, round 8); raw uses the same options.
    j=(-f 1 -wi 4 -w 15s -i 3 -r 10s)
    raw() { "$self" jmh Pkcs11SignBenchmark "${j[@]}" -t "$1" -p keyLabel=seal; }
    raw 8
    "$self" jmh TsaBenchmark "${j[@]}" -t 8
    raw 8
    "$self" jmh TsaBenchmark "${j[@]}" -t 2
    raw 2
    SIGNET_BENCH_HASHES=32 "$self" load signhash 2,8,32,128 10
    SIGNET_BENCH_HASHES=1 "$self" load signhash 1,2,8,32,128 10
    raw 8
    "$self" load tsa 1,2,8,32,128 10
    SIGNET_BENCH_LABEL=validate-nocache SIGNET_BENCH_JAVA_OPTS="${SIGNET_BENCH_JAVA_OPTS:-} -Dsignet.verifier.cache.type=none" \
      "$self" load validate 1,8,32,128 10
    "$self" load validate 1,8,32,128 10
    "$self" load pades 1,2,8,32 10
    "$self" load health 1,8,32,128 10
    "$self" jmh ValidationCacheBenchmark -f 1 -wi 2 -w 5s -i 3 -r 5s
    "$self" pdflocal
    "$self" pdfsize
    "$self" report
    ;;
  report)
    build_jmh
    java -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" org.signet.bench.report.BenchReport \
      --results "$RESULTS" --doc "$ROOT/docs/benchmarks.md" --chart "$ROOT/docs/benchmarks.png" "$@"
    ;;
  *) echo "unknown part '$part' (all, jmh, load, pdfsize, pdflocal, report)" >&2; exit 2 ;;
esac
