#!/usr/bin/env bash
# npm run demo [-- --reset]: services, migrations, a seeded synthetic cohort matched by the record-matching
# pipeline, the workers and the API. --reset first drops and recreates the demo's database, with its signed
# checkpoints, its signing key and its queue keys.
set -euo pipefail
cd "$(dirname "$0")/.."

RESET=0
for arg in "$@"; do
  case "$arg" in
    --reset) RESET=1 ;;
    *) echo "usage: npm run demo [-- --reset]   (unknown argument: $arg)" >&2; exit 2 ;;
  esac
done

export PORT=${PORT:-4000}
PEOPLE=${DEMO_PEOPLE:-3000}
SEED=${DEMO_SEED:-cyswllt-demo}

bash scripts/ensure-services.sh
if ((RESET)); then npx tsx src/db/reset-cli.ts; fi
npx tsx src/db/migrate-cli.ts
# The seed writes the partners' records unlinked, as partners would send them; the matcher links them
# with evidence an EPC can inspect, confirm, reject or split (a few seconds for a few thousand people).
npx tsx src/modules/cohort/seed-cli.ts --people "$PEOPLE" --seed "$SEED" --link none
npx tsx src/modules/matching/match-cli.ts --here
# Once records are linked to people: the seeded consent ledger (EHE refusals, voluntary-body consents).
npx tsx src/modules/cohort/seed-cli.ts --ledger-only

# The worker and the API run in process groups of their own (set -m), so a Ctrl-C in the terminal reaches
# them once, through the trap below, and a supervisor's SIGTERM to this script stops them too.
set -m
node --import tsx workers/main.ts &
worker=$!
set +m
api=
stopping=0
last_signal_at=0
forward() { # $1: the signal this script received
  local now=${EPOCHREALTIME/./}
  # Ctrl-C arrives twice at once (from the terminal and again from npm): that is one request to stop.
  if ((stopping && now - last_signal_at < 1000000)); then return; fi
  if ((stopping)); then printf '\n[demo] second %s: stopping at once\n' "$1"; else printf '\n[demo] %s: stopping the API and the worker\n' "$1"; fi
  stopping=1
  last_signal_at=$now
  kill -TERM $api $worker 2>/dev/null || true
}
trap 'forward SIGINT' INT
trap 'forward SIGTERM' TERM
finished=0
trap '((finished)) || kill -TERM $api $worker 2>/dev/null || true' EXIT # the script failing half-way

cat <<MSG

  Cyswllt is starting on http://localhost:$PORT/graphql  (GraphiQL: http://localhost:$PORT/graphiql)
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
  The EPC's tier-1 unknowns worklist, with sightings (README: "The EPC's day"):
    curl -s http://localhost:$PORT/graphql -H "Authorization: Bearer \$TOKEN" -H 'X-Purpose: UNKNOWN_RESOLUTION' \\
      -H 'content-type: application/json' \\
      -d '{"query":"{ unknownsWorklist(laCode: \\"cardiff\\", first: 5) { counts { total } edges { node { person { id } reasons { reason since daysUnknown } sightings { kind on provider { name } } progress { state } } } } }"}'

MSG
set -m
node --import tsx src/main.ts &
api=$!
set +m

# Wait until both have exited; when one stops on its own, stop the other. A trapped signal interrupts wait.
while kill -0 "$api" 2>/dev/null || kill -0 "$worker" 2>/dev/null; do
  wait -n "$api" "$worker" 2>/dev/null || true
  if ((!stopping)) && ! { kill -0 "$api" 2>/dev/null && kill -0 "$worker" 2>/dev/null; }; then
    stopping=1
    last_signal_at=${EPOCHREALTIME/./}
    kill -TERM $api $worker 2>/dev/null || true
  fi
done
finished=1
wait "$api" 2>/dev/null && exit 0 || exit $?
