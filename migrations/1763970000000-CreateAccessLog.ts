import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log (design §5): `access_event`, partitioned by month, hash-chained through
 * `access_chain_head` (one row, locked FOR UPDATE by every append so that concurrent appends
 * never fork the chain), and `audit_checkpoint`, the signed chain heads.
 *
 * The canonical content of a row is defined here, in SQL, once for the append function; the
 * verifier (src/audit/canonical.ts) sends its own copy of the same expression so that a
 * replaced stored function cannot vouch for itself. A test proves the two agree.
 */
export class CreateAccessLog1763970000000 implements MigrationInterface {
  name = 'CreateAccessLog1763970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_event (
        seq              bigint      NOT NULL,
        occurred_at      timestamptz NOT NULL,
        event            text        NOT NULL CHECK (event ~ '^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$'),
        outcome          text        NOT NULL CHECK (outcome IN ('RELEASED','PARTIAL','WITHHELD','NONE')),
        request_id       text        NOT NULL CHECK (request_id ~ '^[A-Za-z0-9_:-]{1,64}$'),
        operation        text        NOT NULL CHECK (length(operation) BETWEEN 1 AND 200 AND operation !~ '[\\x01-\\x1f]'),
        principal_id     uuid,
        organisation_id  uuid,
        roles            text[]      NOT NULL DEFAULT '{}',
        purpose          text        CHECK (purpose ~ '^[A-Z_]+$'),
        person_id        uuid,
        released         text[]      NOT NULL DEFAULT '{}',
        withheld         text[]      NOT NULL DEFAULT '{}',
        agreements       text[]      NOT NULL DEFAULT '{}',
        provider_ids     uuid[]      NOT NULL DEFAULT '{}',
        details          text        CHECK (details <> '' AND details !~ '[\\x1e\\x1f]'),
        prev_hash        bytea       NOT NULL CHECK (length(prev_hash) = 32),
        hash             bytea       NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (seq, occurred_at)
      ) PARTITION BY RANGE (occurred_at)`);
    await q.query(`COMMENT ON TABLE access_event IS
      'Append-only, hash-chained access log: one row per young person per operation; ids, field names and categories, never values'`);

    // Newest-first keyset scans for the IG queries; each index is created on every partition.
    await q.query(`CREATE INDEX access_event_time_idx ON access_event (occurred_at DESC, seq DESC)`);
    await q.query(`CREATE INDEX access_event_person_idx ON access_event (person_id, occurred_at DESC, seq DESC) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE INDEX access_event_principal_idx ON access_event (principal_id, occurred_at DESC, seq DESC)`);
    await q.query(`CREATE INDEX access_event_organisation_idx ON access_event (organisation_id, occurred_at DESC, seq DESC)`);
    await q.query(`CREATE INDEX access_event_purpose_idx ON access_event (purpose, occurred_at DESC, seq DESC)`);
    await q.query(
      `CREATE INDEX access_event_withheld_idx ON access_event (occurred_at DESC, seq DESC) WHERE outcome IN ('WITHHELD','PARTIAL')`,
    );
    await q.query(`CREATE INDEX access_event_provider_idx ON access_event USING gin (provider_ids)`);

    // Monthly partitions: a helper creates any that are missing; a DEFAULT partition means an append
    // never fails for want of one (the worker keeps the next months created ahead, so it stays empty).
    await q.query(`
      CREATE FUNCTION ensure_access_event_partitions(from_month date, months integer) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE
        m date := date_trunc('month', from_month)::date;
        created integer := 0;
        name text;
      BEGIN
        FOR i IN 0 .. months - 1 LOOP
          name := format('access_event_%s', to_char(m, 'YYYY_MM'));
          IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF access_event FOR VALUES FROM (%L) TO (%L)',
                           name, m::timestamptz, (m + interval '1 month')::timestamptz);
            created := created + 1;
          END IF;
          m := (m + interval '1 month')::date;
        END LOOP;
        RETURN created;
      END $$`);
    await q.query(`CREATE TABLE access_event_default PARTITION OF access_event DEFAULT`);
    await q.query(`SELECT ensure_access_event_partitions((now() - interval '1 month')::date, 5)`);

    // Append-only: ordinary sessions cannot change or remove a row (retention drops whole partitions).
    await q.query(`
      CREATE FUNCTION access_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_event is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER access_event_no_change BEFORE UPDATE OR DELETE ON access_event
        FOR EACH ROW EXECUTE FUNCTION access_event_append_only()`);
    await q.query(`
      CREATE TRIGGER access_event_no_truncate BEFORE TRUNCATE ON access_event
        FOR EACH STATEMENT EXECUTE FUNCTION access_event_append_only()`);

    await q.query(`
      CREATE TABLE access_chain_head (
        id           smallint    PRIMARY KEY CHECK (id = 1),
        seq          bigint      NOT NULL CHECK (seq >= 0),
        hash         bytea       NOT NULL CHECK (length(hash) = 32),
        occurred_at  timestamptz NOT NULL
      )`);
    await q.query(`INSERT INTO access_chain_head (id, seq, hash, occurred_at) VALUES (1, 0, '\\x${'00'.repeat(32)}', '-infinity')`);

    // The canonical bytes of one row (everything but its hashes): unit separator between fields,
    // record separator inside arrays; no stored value may contain either (see the CHECKs above
    // and src/audit/canonical.ts).
    await q.query(`
      CREATE FUNCTION access_event_canonical(
        seq bigint, occurred_at timestamptz, event text, outcome text, request_id text, operation text,
        principal_id uuid, organisation_id uuid, roles text[], purpose text, person_id uuid,
        released text[], withheld text[], agreements text[], provider_ids uuid[], details text
      ) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT convert_to(concat_ws(E'\\x1f', 'v1', seq::text, (extract(epoch FROM occurred_at) * 1000)::bigint::text,
          event, outcome, request_id, operation, coalesce(principal_id::text, ''), coalesce(organisation_id::text, ''),
          array_to_string(roles, E'\\x1e'), coalesce(purpose, ''), coalesce(person_id::text, ''),
          array_to_string(released, E'\\x1e'), array_to_string(withheld, E'\\x1e'), array_to_string(agreements, E'\\x1e'),
          array_to_string(provider_ids, E'\\x1e'), coalesce(details, '')), 'UTF8')
      $$`);

    // hash(n) = sha256(hash(n-1) || canonical(n)), as a running aggregate so a batch is hashed set-based.
    await q.query(`
      CREATE FUNCTION access_chain_step(state bytea, content bytea, start bytea) RETURNS bytea
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT sha256(coalesce(state, start) || content) $$`);
    await q.query(`CREATE AGGREGATE access_chain(bytea, bytea) (SFUNC = access_chain_step, STYPE = bytea)`);

    // Appends one operation's events (a JSON array) in one multi-row INSERT, under the chain-head lock.
    // Called in the caller's transaction (recordChange) or on its own (autocommit, one round trip).
    await q.query(`
      CREATE FUNCTION access_event_append(events jsonb) RETURNS TABLE (first_seq bigint, last_seq bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        head access_chain_head%ROWTYPE;
        at timestamptz;
        n integer := jsonb_array_length(events);
      BEGIN
        IF n = 0 THEN RETURN; END IF;
        SELECT * INTO head FROM access_chain_head WHERE id = 1 FOR UPDATE;
        -- Never earlier than the previous append: seq order and time order agree.
        at := greatest(date_trunc('milliseconds', clock_timestamp()), head.occurred_at);
        WITH input AS (
          SELECT head.seq + x.ord AS seq, at AS occurred_at, x.doc->>'event' AS event, x.doc->>'outcome' AS outcome,
                 x.doc->>'requestId' AS request_id, x.doc->>'operation' AS operation,
                 (x.doc->>'principalId')::uuid AS principal_id, (x.doc->>'organisationId')::uuid AS organisation_id,
                 ARRAY(SELECT jsonb_array_elements_text(x.doc->'roles')) AS roles, x.doc->>'purpose' AS purpose,
                 (x.doc->>'personId')::uuid AS person_id,
                 ARRAY(SELECT jsonb_array_elements_text(x.doc->'released')) AS released,
                 ARRAY(SELECT jsonb_array_elements_text(x.doc->'withheld')) AS withheld,
                 ARRAY(SELECT jsonb_array_elements_text(x.doc->'agreements')) AS agreements,
                 ARRAY(SELECT jsonb_array_elements_text(x.doc->'providerIds'))::uuid[] AS provider_ids,
                 x.doc->>'details' AS details
            FROM jsonb_array_elements(events) WITH ORDINALITY AS x(doc, ord)
        ), hashed AS (
          SELECT i.*, access_chain(access_event_canonical(i.seq, i.occurred_at, i.event, i.outcome, i.request_id,
                   i.operation, i.principal_id, i.organisation_id, i.roles, i.purpose, i.person_id, i.released,
                   i.withheld, i.agreements, i.provider_ids, i.details), head.hash) OVER (ORDER BY i.seq) AS hash
            FROM input i
        ), inserted AS (
          INSERT INTO access_event (seq, occurred_at, event, outcome, request_id, operation, principal_id, organisation_id,
                                    roles, purpose, person_id, released, withheld, agreements, provider_ids, details,
                                    prev_hash, hash)
          SELECT seq, occurred_at, event, outcome, request_id, operation, principal_id, organisation_id, roles, purpose,
                 person_id, released, withheld, agreements, provider_ids, details,
                 coalesce(lag(hash) OVER (ORDER BY seq), head.hash), hash
            FROM hashed
          RETURNING seq, hash
        )
        UPDATE access_chain_head h SET seq = i.seq, hash = i.hash, occurred_at = at
          FROM inserted i WHERE h.id = 1 AND i.seq = head.seq + n;
        first_seq := head.seq + 1;
        last_seq := head.seq + n;
        RETURN NEXT;
      END $$`);

    await q.query(`
      CREATE TABLE audit_checkpoint (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seq         bigint      NOT NULL CHECK (seq >= 0),
        hash        bytea       NOT NULL CHECK (length(hash) = 32),
        signed_at   timestamptz NOT NULL,
        key_id      text        NOT NULL,
        signature   bytea       NOT NULL CHECK (length(signature) = 64),
        CONSTRAINT audit_checkpoint_seq_key UNIQUE (seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoint`);
    await q.query(`DROP FUNCTION access_event_append(jsonb)`);
    await q.query(`DROP AGGREGATE access_chain(bytea, bytea)`);
    await q.query(`DROP FUNCTION access_chain_step(bytea, bytea, bytea)`);
    await q.query(
      `DROP FUNCTION access_event_canonical(bigint, timestamptz, text, text, text, text, uuid, uuid, text[], text, uuid, text[], text[], text[], uuid[], text)`,
    );
    await q.query(`DROP TABLE access_chain_head`);
    await q.query(`DROP TABLE access_event`); // drops every partition with it
    await q.query(`DROP FUNCTION access_event_append_only()`);
    await q.query(`DROP FUNCTION ensure_access_event_partitions(date, integer)`);
  }
}
