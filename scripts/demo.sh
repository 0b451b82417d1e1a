#!/usr/bin/env bash
# npm run demo: services, migrations, a seeded synthetic cohort matched by the record-matching
# pipeline, the workers and the API.
set -euo pipefail
cd "$(dirname "$0")/.."

export PORT=${PORT:-4000}
PEOPLE=${DEMO_PEOPLE:-3000}
SEED=${DEMO_SEED:-cyswllt-demo}

bash scripts/ensure-services.sh
npx tsx src/db/migrate-cli.ts
# The seed writes the partners' records unlinked, as partners would send them; the matcher links them
# with evidence an EPC can inspect, confirm, reject or split (a few seconds for a few thousand people).
npx tsx src/modules/cohort/seed-cli.ts --people "$PEOPLE" --seed "$SEED" --link none
npx tsx src/modules/matching/match-cli.ts --here

npx tsx workers/main.ts &
worker=$!
trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT

cat <<MSG

  Cyswllt is starting on http://localhost:$PORT/graphql  (GraphiQL: http://localhost:$PORT/graphiql)
  Health:           curl -s http://localhost:$PORT/healthz
  Get a token:      npm run token -- admin        (or epc.cardiff, ig.cardiff, school.cardiff …)
  Example query:
    TOKEN=\$(npm run -s token -- admin)
    curl -s http://localhost:$PORT/graphql -H "Authorization: Bearer \$TOKEN" -H 'content-type: application/json' \\
      -d '{"query":"{ youngPeople(first: 3) { totalCount edges { node { id sourceRecords { provider { name } givenName familyName tierStatus } } } } }"}'
  The EPC review queue (record pairs the matcher was unsure of):
    TOKEN=\$(npm run -s token -- epc.cardiff)
    curl -s http://localhost:$PORT/graphql -H "Authorization: Bearer \$TOKEN" -H 'content-type: application/json' \\
      -d '{"query":"{ matchReviewQueue(first: 5) { totalCount edges { node { id totalWeight comparisons { label level weight } } } } }"}'

MSG
npx tsx src/main.ts
