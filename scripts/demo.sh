#!/usr/bin/env bash
# npm run demo [-- --reset] [-- --embedded]: services, migrations, a seeded synthetic cohort matched by the
# record-matching pipeline, the workers and the API.
#
# Where the data lives: the PostgreSQL in DATABASE_URL, or, when it is not set, the one at the default address
# if it answers, else an embedded PostgreSQL (PGlite served over the wire protocol by src/db/embedded-cli.ts)
# keeping its files in var/embedded. The queues: Redis (REDIS_URL, or the default address if it answers), else
# BullMQ's PostgreSQL backend in the same database. --embedded uses the embedded PostgreSQL and BullMQ on it
# whatever answers. --reset first drops and recreates the demo's database (embedded: removes its files), with
# its signed checkpoints, its signing key and its queue keys.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh

RESET=0 EMBEDDED=0
for arg in "$@"; do
  case "$arg" in
    --reset) RESET=1 ;;
    --embedded) EMBEDDED=1 ;;
    *) echo "usage: npm run demo [-- --reset] [-- --embedded]   (unknown argument: $arg)" >&2; exit 2 ;;
  esac
done

export PORT=${PORT:-4000}
PEOPLE=${DEMO_PEOPLE:-3000}
SEED=${DEMO_SEED:-cyswllt-demo}
say() { printf '[demo] %s\n' "$*"; }

# --- Which PostgreSQL and which queue store ---------------------------------------------------------------
read -r default_pg_host default_pg_port < <(url_host_port "$DEFAULT_DATABASE_URL" 5432)
read -r default_redis_host default_redis_port < <(url_host_port "$DEFAULT_REDIS_URL" 6379)
if ((EMBEDDED)); then
  db=embedded
elif [ -n "${DATABASE_URL:-}" ] || pg_answers "$default_pg_host" "$default_pg_port"; then
  db=server
else
  db=embedded
fi
if [ -n "${QUEUE_BACKEND:-}" ]; then
  queue=$QUEUE_BACKEND
elif ((EMBEDDED)); then
  queue=postgres
elif [ -n "${REDIS_URL:-}" ] || redis_answers "$default_redis_host" "$default_redis_port"; then
  queue=redis
else
  queue=postgres
fi
export QUEUE_BACKEND=$queue

skip=()
[ "$db" = embedded ] && skip+=(--skip-postgres)
[ "$queue" = postgres ] && skip+=(--skip-redis)
bash scripts/ensure-services.sh "${skip[@]}"

# --- Services started in the background, stopped in reverse order ---------------------------------------
# Each runs in a process group of its own (set -m), so a Ctrl-C in the terminal reaches it once, through the
# trap below; a supervisor's SIGTERM to this script stops them too. The API and the worker stop first (they
# finish their requests and jobs), the embedded database last.
apps=() db_server= step=
stopping=0 last_signal_at=0
start_bg() { # $1: the variable that gets the pid; the rest: the command
  local var=$1
  shift
  set -m
  "$@" &
  printf -v "$var" '%s' "$!"
  set +m
}
alive() { for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
run() { # one step of the set-up, in the background so that a signal stops it at once
  ((!stopping)) || exit 1
  start_bg step node --import tsx "$@"
  while alive "$step"; do wait "$step" 2>/dev/null || true; done
  wait "$step"
}
stop_all() {
  if ((${#apps[@]})); then
    kill -TERM "${apps[@]}" 2>/dev/null || true
    while alive "${apps[@]}"; do wait -n "${apps[@]}" 2>/dev/null || true; done
  fi
  if [ -n "$db_server" ]; then
    kill -TERM "$db_server" 2>/dev/null || true
    while alive "$db_server"; do wait "$db_server" 2>/dev/null || true; done
  fi
}
forward() { # $1: the signal this script received
  local now=${EPOCHREALTIME/./}
  # Ctrl-C arrives twice at once (from the terminal and again from npm): that is one request to stop.
  if ((stopping && now - last_signal_at < 1000000)); then return; fi
  if ((stopping)); then
    say "second $1: stopping at once"
    kill -TERM "${apps[@]}" $db_server 2>/dev/null || true
  elif ((${#apps[@]})); then
    say "$1: stopping the API and the worker${db_server:+, then the embedded database}"
    kill -TERM "${apps[@]}" 2>/dev/null || true
  else
    say "$1: stopping the set-up${db_server:+ and the embedded database}"
    kill -TERM $step 2>/dev/null || true
  fi
  stopping=1
  last_signal_at=$now
}
trap 'forward SIGINT' INT
trap 'forward SIGTERM' TERM
trap 'stop_all' EXIT # also when a step fails half-way

if [ "$db" = embedded ]; then
  export EMBEDDED_DATABASE=on
  data_dir=${EMBEDDED_DATA_DIR:-var/embedded/pgdata}
  ready_file=$(dirname "$data_dir")/url
  if ((RESET)); then
    rm -rf "$data_dir"
    say "reset: embedded database removed ($data_dir)"
  fi
  rm -f "$ready_file"
  say "starting the embedded PostgreSQL (PGlite) in $data_dir (the first start makes the database: a few seconds)"
  start_bg db_server node --import tsx src/db/embedded-cli.ts --ready-file "$ready_file"
  until [ -s "$ready_file" ]; do
    alive "$db_server" || { say "the embedded PostgreSQL did not start"; exit 1; }
    sleep 0.2
  done
  owner_url=$(cat "$ready_file")
  export MIGRATION_DATABASE_URL=$owner_url
  export DATABASE_URL=${owner_url/postgres@/cyswllt_app@}
  MODE_LINE="Mode: embedded — PostgreSQL in-process (PGlite, data in $data_dir, served on ${DATABASE_URL#*@})"
  SWITCH_LINE="      To use servers instead: start PostgreSQL (and Redis) or set DATABASE_URL (and REDIS_URL), then npm run demo."
else
  MODE_LINE="Mode: servers — PostgreSQL at $(url_redacted "${DATABASE_URL:-$DEFAULT_DATABASE_URL}")"
  SWITCH_LINE="      To run with no servers at all: npm run demo -- --embedded (PGlite, data in var/embedded)."
fi
if [ "$queue" = postgres ]; then
  MODE_LINE="$MODE_LINE; queues: BullMQ on PostgreSQL (no Redis)"
else
  MODE_LINE="$MODE_LINE; queues: BullMQ on Redis at $(url_redacted "${REDIS_URL:-$DEFAULT_REDIS_URL}")"
fi
say "$MODE_LINE"

# --- Data --------------------------------------------------------------------------------------------------
if ((RESET)); then run src/db/reset-cli.ts; fi
run src/db/migrate-cli.ts
# The seed writes the partners' records unlinked, as partners would send them; the matcher links them
# with evidence an EPC can inspect, confirm, reject or split (a few seconds for a few thousand people).
run src/modules/cohort/seed-cli.ts --people "$PEOPLE" --seed "$SEED" --link none
run src/modules/matching/match-cli.ts --here
# Once records are linked to people: the seeded consent ledger (EHE refusals, voluntary-body consents).
run src/modules/cohort/seed-cli.ts --ledger-only

# The web console (/console, /consol): built here, served by the API from web/dist.
npx vite build -c web/vite.config.ts --logLevel warn

# --- The worker and the API --------------------------------------------------------------------------------
start_bg worker node --import tsx workers/main.ts
apps+=("$worker")

cat <<MSG

  $MODE_LINE
  $SWITCH_LINE

  Cyswllt is starting on http://localhost:$PORT/graphql  (GraphiQL: http://localhost:$PORT/graphiql)
  The console:      http://localhost:$PORT/console  (yn Gymraeg: http://localhost:$PORT/consol)
  Health:           curl -s http://localhost:$PORT/healthz
  Get a token:      npm run -s token -- admin        (or epc.cardiff, ig.cardiff, cw.adviser.cardiff, college.cardiff …)
  Every request that reads personal data declares its purpose in X-Purpose (TRACKING, BROKERAGE, ADMISSIONS …).

  Example: the Cardiff EPC asks about a young person in tier 3 (the Careers Wales record is not shown at all):
    TOKEN=\$(npm run -s token -- epc.cardiff); ID=\$(npm run -s demo:tier3)
    curl -s http://localhost:$PORT/graphql -H "Authorization: Bearer \$TOKEN" -H 'X-Purpose: TRACKING' \\
      -H 'content-type: application/json' \\
      -d "{\"query\":\"query (\\\$id: ID!) { youngPerson(id: \\\$id) { sourceRecords { provider { name } givenName tierStatus attendance } } }\",\"variables\":{\"id\":\"\$ID\"}}"
  Why?  explainAccess(personId: "\$ID", principalHandle: "epc.cardiff", purpose: TRACKING) as ig.cardiff.
  The EPC review queue (record pairs the matcher was unsure of):
    curl -s http://localhost:$PORT/graphql -H "Authorization: Bearer \$TOKEN" -H 'X-Purpose: UNKNOWN_RESOLUTION' \\
      -H 'content-type: application/json' \\
      -d '{"query":"{ matchReviewQueue(first: 5) { totalCount edges { node { id totalWeight comparisons { label level weight } } } } }"}'
  The EPC's tier-1 unknowns worklist, with sightings (docs/epc.md):
    curl -s http://localhost:$PORT/graphql -H "Authorization: Bearer \$TOKEN" -H 'X-Purpose: UNKNOWN_RESOLUTION' \\
      -H 'content-type: application/json' \\
      -d '{"query":"{ unknownsWorklist(laCode: \\"cardiff\\", first: 5) { counts { total } edges { node { person { id } reasons { reason since daysUnknown } sightings { kind on provider { name } } progress { state } } } } }"}'
  Young people moving into and out of Cardiff (docs/epc.md, "Accepting a transfer"):
    curl -s http://localhost:$PORT/graphql -H "Authorization: Bearer \$TOKEN" -H 'X-Purpose: TRACKING' \\
      -H 'content-type: application/json' \\
      -d '{"query":"{ transfers(laCode: \\"cardiff\\", first: 10) { edges { node { id direction state from { laName } to { laName } records { provider { name } givenName } } } } }"}'

MSG
# The API on every core (API_PROCESSES, docs/operations.md), except on the embedded PostgreSQL, whose one
# shared session cannot take several processes' transactions at once.
if [ "$db" = embedded ]; then
  export API_PROCESSES=1
else
  export API_PROCESSES=${API_PROCESSES:-$(node -p 'require("node:os").availableParallelism()')}
fi
say "API processes: $API_PROCESSES"
start_bg api node --import tsx src/main.ts
apps+=("$api")

# Wait until both have exited; when one stops on its own, stop the other. A trapped signal interrupts wait.
while alive "${apps[@]}"; do
  wait -n "${apps[@]}" 2>/dev/null || true
  if ((!stopping)) && ! { kill -0 "$api" 2>/dev/null && kill -0 "$worker" 2>/dev/null; }; then
    stopping=1
    last_signal_at=${EPOCHREALTIME/./}
    kill -TERM "${apps[@]}" 2>/dev/null || true
  fi
done
wait "$api" 2>/dev/null && status=0 || status=$?
stop_all # the embedded database, if any
exit "$status"
