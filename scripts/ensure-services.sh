#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis are reachable, starting the local services if they are
# installed but stopped. Exits non-zero with a clear message when one cannot be had.
set -uo pipefail

PG_HOST=${PGHOST:-127.0.0.1}
PG_PORT=${PGPORT:-5432}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}

say() { printf '[services] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else "$@"; fi
}

pg_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
  else
    (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
  fi
}

redis_up() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
  else
    (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT") 2>/dev/null
  fi
}

wait_for() {
  local check=$1 name=$2
  for _ in $(seq 1 60); do
    if $check; then say "$name is up"; return 0; fi
    sleep 0.5
  done
  say "$name did not come up within 30 s"
  return 1
}

if pg_up; then
  say "PostgreSQL is reachable at $PG_HOST:$PG_PORT"
elif command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  say "PostgreSQL is stopped: starting cluster $version/main"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for pg_up PostgreSQL || exit 1
else
  say "PostgreSQL is not reachable at $PG_HOST:$PG_PORT and is not installed here."
  say "Install it (apt-get install postgresql) or set DATABASE_URL to a reachable server."
  exit 1
fi

if redis_up; then
  say "Redis is reachable at $REDIS_HOST:$REDIS_PORT"
elif command -v redis-server >/dev/null 2>&1; then
  say "Redis is stopped: starting it (nothing kept on disk)"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  wait_for redis_up Redis || exit 1
else
  say "Redis is not reachable at $REDIS_HOST:$REDIS_PORT and is not installed here."
  say "Install it (apt-get install redis-server) or set REDIS_URL to a reachable server."
  exit 1
fi
