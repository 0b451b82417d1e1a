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
# Once records are linked to people: the seeded consent ledger (EHE refusals, voluntary-body consents).
npx tsx src/modules/cohort/seed-cli.ts --ledger-only

# The web console (/console, /consol): built here, served by the API from web/dist.
npx vite build -c web/vite.config.ts --logLevel warn

npx tsx workers/main.ts &
worker=$!
trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT

cat <<MSG

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
  The EPC's tier-1 unknowns worklist, with sightings (README: "The EPC's day"):
    curl -s http://localhost:$PORT/graphql -H "Authorization: Bearer \$TOKEN" -H 'X-Purpose: UNKNOWN_RESOLUTION' \\
      -H 'content-type: application/json' \\
      -d '{"query":"{ unknownsWorklist(laCode: \\"cardiff\\", first: 5) { counts { total } edges { node { person { id } reasons { reason since daysUnknown } sightings { kind on provider { name } } progress { state } } } } }"}'
  Young people moving into and out of Cardiff (README: "Accepting a transfer"):
    curl -s http://localhost:$PORT/graphql -H "Authorization: Bearer \$TOKEN" -H 'X-Purpose: TRACKING' \\
      -H 'content-type: application/json' \\
      -d '{"query":"{ transfers(laCode: \\"cardiff\\", first: 10) { edges { node { id direction state from { laName } to { laName } records { provider { name } givenName } } } } }"}'

MSG
npx tsx src/main.ts
