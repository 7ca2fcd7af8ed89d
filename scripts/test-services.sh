#!/usr/bin/env bash
# Makes sure the real services the tests talk to are running on loopback:
#   Redis      127.0.0.1:6379
#   PostgreSQL 127.0.0.1:5432, role "signet" (password "signet", test only), database "signet_test"
# On Debian/Ubuntu it installs and starts what is missing; elsewhere it says what to install.
# Idempotent: running services are left alone.
set -euo pipefail

say() { printf 'test-services: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    die "need root (or sudo) to run: $*"; fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "missing $*: install them with your package manager and start them on 127.0.0.1"
  say "installing $* (apt-get)"
  as_root apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then return 0; fi
  say "starting Redis on 127.0.0.1:6379"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/signet-test.log
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG && return 0; sleep 0.1; done
  die "Redis did not start (see /var/log/redis/signet-test.log)"
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

ensure_postgres() {
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql postgresql-client
  if ! pg_up; then
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$version" ] || die "PostgreSQL is installed but has no cluster (pg_createcluster)"
    say "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main start
    for _ in $(seq 1 100); do pg_up && break; sleep 0.1; done
    pg_up || die "PostgreSQL did not start on 127.0.0.1:5432"
  fi
  # The test role and database (created once; the password is a test fixture, not a secret).
  local psql=(as_root runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d postgres)
  if ! "${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'signet'" | grep -q 1; then
    "${psql[@]}" -c "CREATE ROLE signet LOGIN PASSWORD 'signet'"
  fi
  # A second, unprivileged login for the audit grants test (audit/src/main/resources/sql/grants-postgresql.sql).
  if ! "${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'signet_app'" | grep -q 1; then
    "${psql[@]}" -c "CREATE ROLE signet_app LOGIN PASSWORD 'signet_app'"
  fi
  if ! "${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'signet_test'" | grep -q 1; then
    "${psql[@]}" -c "CREATE DATABASE signet_test OWNER signet"
  fi
  PGPASSWORD=signet psql -h 127.0.0.1 -U signet -d signet_test -tAc 'SELECT 1' >/dev/null 2>&1 \
    || die "cannot log in to PostgreSQL as signet@127.0.0.1/signet_test (check pg_hba.conf allows md5/scram on 127.0.0.1)"
}

for service in "${@:-redis postgres}"; do
  for s in $service; do
    case "$s" in
      redis) ensure_redis ;;
      postgres) ensure_postgres ;;
      *) die "unknown service $s" ;;
    esac
  done
done
