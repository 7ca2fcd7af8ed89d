#!/usr/bin/env bash
# Crash test of the audit log (issue 7): kill -9 the appliance during a signing load, restart it, and
# check that every signature a client received has its audit record and that the log verifies offline.
#   scripts/audit-crash-test.sh [SECONDS_OF_LOAD] [WORKERS]
# AUDIT_CRASH_EXPORT=FILE keeps a copy of the verified export there.
# AUDIT_CRASH_INSTANCES=2 runs a second instance on the same database that the clients also use and
# that is not killed: two writers (and checkpointers) on one chain, one of them crashing.
# Needs: ./signet test run once (var/test provisioned, PostgreSQL on 127.0.0.1 with role signet), curl.
# Uses a fresh schema in signet_test and a loopback port; removes the schema at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOAD_SECONDS=${1:-20}
WORKERS=${2:-4}
HOME_DIR=$ROOT/var/test
JAR=$ROOT/appliance/target/signet.jar
WORK=$(mktemp -d)
SCHEMA=crash_$(date +%s)_$$
export PGPASSWORD=signet
PSQL=(psql -q -h 127.0.0.1 -U signet -d signet_test -v ON_ERROR_STOP=1)

say() { printf 'crash-test: %s\n' "$*" >&2; }

[ -f "$HOME_DIR/softhsm2.conf" ] || { say "run ./signet test (or ./signet provision var/test) first"; exit 2; }
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B -DskipTests package)
# shellcheck disable=SC1091
. "$HOME_DIR/signet-hsm.env"
export SOFTHSM2_CONF SIGNET_HSM_LIBRARY
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
PORT2=$(free_port)
INSTANCES=${AUDIT_CRASH_INSTANCES:-1}
"${PSQL[@]}" -c "CREATE SCHEMA $SCHEMA"

APP_PID=
APP2_PID=
# start_app NAME [PORT]: starts an instance and waits until it is healthy; sets APP_PID (last started).
start_app() {
  local port=${2:-$PORT}
  SIGNET_HOME=$HOME_DIR java -jar "$JAR" --server.port="$port" --server.ssl.enabled=false \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/signet_test?currentSchema=$SCHEMA" \
    --spring.datasource.username=signet --spring.datasource.password=signet \
    --signet.audit.checkpoint.every-records=50 --signet.audit.instance-id="crash-$1" \
    --signet.security.rate-limit.enabled=false \
    >"$WORK/app-$1.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  say "the appliance did not start; log: $WORK/app-$1.log"; exit 2
}
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$APP2_PID" ] && kill "$APP2_PID" 2>/dev/null || true
  "${PSQL[@]}" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ "$INSTANCES" = 2 ]; then
  start_app second "$PORT2"
  APP2_PID=$APP_PID
fi
start_app 1
PORTAL=$(SIGNET_HOME=$HOME_DIR "$ROOT/signet" dev-token portal)
AUDITOR=$(SIGNET_HOME=$HOME_DIR "$ROOT/signet" dev-token auditor)

worker() {
  local n=$1 i=0 port=$PORT
  [ "$INSTANCES" = 2 ] && [ $((n % 2)) = 0 ] && port=$PORT2
  while [ ! -f "$WORK/stop" ]; do
    i=$((i + 1))
    local out="$WORK/w$n-$i.pdf" code
    code=$(curl -s -o "$out" -w '%{http_code}' -H "Authorization: Bearer $PORTAL" \
      -F file=@"$ROOT/docs/samples/dossier.pdf" "http://127.0.0.1:$port/api/v1/signatures" 2>/dev/null) || code=000
    if [ "$code" = 200 ]; then
      sha256sum "$out" | cut -d' ' -f1 >>"$WORK/received-$n"
    else
      echo "$code" >>"$WORK/refused-$n"
    fi
    rm -f "$out"
  done
}
WORKER_PIDS=()
for n in $(seq 1 "$WORKERS"); do worker "$n" & WORKER_PIDS+=($!); done
sleep "$LOAD_SECONDS"
say "kill -9 $APP_PID after ${LOAD_SECONDS}s of load with $WORKERS workers"
kill -9 "$APP_PID"
wait "$APP_PID" 2>/dev/null || true
touch "$WORK/stop"
wait "${WORKER_PIDS[@]}" 2>/dev/null || true
cat "$WORK"/received-* 2>/dev/null | sort >"$WORK/received" || true
RECEIVED=$(wc -l <"$WORK/received")
FAILED=$(cat "$WORK"/refused-* 2>/dev/null | wc -l)
say "client received $RECEIVED signed PDFs; $FAILED requests failed (cut by the kill)"

start_app 2
MISSING=0
while read -r digest; do
  count=$(curl -sf -H "Authorization: Bearer $AUDITOR" \
    "http://127.0.0.1:$PORT/api/v1/audit/records?documentDigest=$digest" | grep -o '"SIGNATURE_PRODUCED"' | wc -l)
  [ "$count" -ge 1 ] || { MISSING=$((MISSING + 1)); say "no audit record for received signature $digest"; }
done <"$WORK/received"
curl -sf -H "Authorization: Bearer $AUDITOR" -o "$WORK/export.jsonl" \
  "http://127.0.0.1:$PORT/api/v1/audit/export?from=1&to=9223372036854775807"
RECORDS=$(grep -c '"kind":"record"' "$WORK/export.jsonl")
WRITERS=$(grep '"kind":"record"' "$WORK/export.jsonl" | grep -o '"instanceId":"crash-[a-z0-9]*"' | sort | uniq -c | tr -s ' \n' ' ')
SIGNED=$(grep -c '"SIGNATURE_PRODUCED"' "$WORK/export.jsonl")
CHECKPOINTS=$(grep -c '"kind":"checkpoint"' "$WORK/export.jsonl")
say "after restart: $RECORDS records ($SIGNED SIGNATURE_PRODUCED), $CHECKPOINTS checkpoints; by instance: $WRITERS"
say "received signatures without a record: $MISSING"
set +e
java -cp "$JAR" -Dloader.main=org.signet.audit.cli.AuditVerifyCommand org.springframework.boot.loader.launch.PropertiesLauncher \
  verify "$WORK/export.jsonl" --audit-cert "$HOME_DIR/pki/certs/audit.pem" --tsa-cert "$HOME_DIR/pki/certs/tsa.pem"
VERIFY=$?
set -e
if [ "$MISSING" -eq 0 ] && [ "$VERIFY" -eq 0 ] && [ "$RECEIVED" -gt 0 ]; then
  [ -n "${AUDIT_CRASH_EXPORT:-}" ] && cp "$WORK/export.jsonl" "$AUDIT_CRASH_EXPORT"
  say "PASS"; rm -rf "$WORK"; exit 0
fi
say "FAIL (work files kept in $WORK)"; exit 1
