#!/usr/bin/env bash
# Makes sure the PostgreSQL and Redis the hub is configured for answer: DATABASE_URL and REDIS_URL (with
# --tests, TEST_DATABASE_URL and TEST_REDIS_URL), or their defaults. A local server that is installed but
# stopped is started when it is the one the URL names (a PostgreSQL cluster set up on that port; Redis on
# 6379); anything else that does not answer is an error naming the address and the variable it came from.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh

TESTS=0 CHECK_PG=1 CHECK_REDIS=1
for arg in "$@"; do
  case "$arg" in
    --tests) TESTS=1 ;;
    --skip-postgres) CHECK_PG=0 ;; # the demo's embedded PostgreSQL
    --skip-redis) CHECK_REDIS=0 ;; # BullMQ on PostgreSQL
    *) echo "usage: ensure-services.sh [--tests] [--skip-postgres] [--skip-redis]" >&2; exit 2 ;;
  esac
done

if ((TESTS)); then
  DB_VAR=TEST_DATABASE_URL REDIS_VAR=TEST_REDIS_URL
  DB_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cyswllt_test}
  REDIS_URL_=${TEST_REDIS_URL:-redis://127.0.0.1:6379/1}
else
  DB_VAR=DATABASE_URL REDIS_VAR=REDIS_URL
  DB_URL=${DATABASE_URL:-$DEFAULT_DATABASE_URL}
  REDIS_URL_=${REDIS_URL:-$DEFAULT_REDIS_URL}
fi

say() { printf '[services] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else "$@"; fi
}

wait_for() { # $1: a command that succeeds once the service answers; $2: its name
  for _ in $(seq 1 60); do
    if eval "$1"; then say "$2 is up"; return 0; fi
    sleep 0.5
  done
  say "$2 did not come up within 30 s"
  return 1
}

read -r PG_HOST PG_PORT < <(url_host_port "$DB_URL" 5432)
read -r REDIS_HOST REDIS_PORT < <(url_host_port "$REDIS_URL_" 6379)
origin() { if [ -n "${!1:-}" ]; then echo "$1"; else echo "the default of $1"; fi; }
where_pg="$PG_HOST:$PG_PORT (from $(origin $DB_VAR))"
where_redis="$REDIS_HOST:$REDIS_PORT (from $(origin $REDIS_VAR))"

if ((!CHECK_PG)); then
  :
elif pg_answers "$PG_HOST" "$PG_PORT"; then
  say "PostgreSQL is reachable at $where_pg"
elif is_local_host "$PG_HOST" && cluster=$(local_cluster_on_port "$PG_PORT"); then
  say "PostgreSQL is stopped at $where_pg: starting cluster $cluster"
  # shellcheck disable=SC2086 # "15 main"
  as_root pg_ctlcluster --skip-systemctl-redirect $cluster start || true
  wait_for "pg_answers $PG_HOST $PG_PORT" PostgreSQL || exit 1
else
  if is_local_host "$PG_HOST"; then
    say "PostgreSQL does not answer at $where_pg, and no local cluster here is set up on that port."
  else
    say "PostgreSQL does not answer at $where_pg."
  fi
  say "Start that server, or set $DB_VAR to one that answers (apt-get install postgresql for a local one)."
  exit 1
fi

if ((!CHECK_REDIS)); then
  :
elif redis_answers "$REDIS_HOST" "$REDIS_PORT"; then
  say "Redis is reachable at $where_redis"
elif is_local_host "$REDIS_HOST" && [ "$REDIS_PORT" = 6379 ] && command -v redis-server >/dev/null 2>&1; then
  say "Redis is stopped at $where_redis: starting it on port $REDIS_PORT (nothing kept on disk)"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  wait_for "redis_answers $REDIS_HOST $REDIS_PORT" Redis || exit 1
else
  say "Redis does not answer at $where_redis (a stopped local redis-server is started only on its usual port, 6379)."
  say "Start that server, or set $REDIS_VAR to one that answers (apt-get install redis-server for a local one)."
  exit 1
fi
