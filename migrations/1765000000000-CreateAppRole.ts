import type { MigrationInterface, QueryRunner } from 'typeorm';

// The role the API and the workers connect as (DATABASE_URL); src/db/app-role.ts names it too. A role belongs
// to the server, not to one database: several databases of one server (the demo's, each test run's) share it.
const APP = 'cyswllt_app';

// The access log: the role reads it and appends only through access_event_append (below); it never owns,
// changes or removes a row, the chain head or a checkpoint.
const LOG_TABLES = ['access_event', 'access_chain_head', 'audit_checkpoint'];

// The functions the role may run that act as the owner: appending to the log, making its monthly partitions,
// dropping and rebuilding the matcher's block-keys index.
const OWNER_FUNCTIONS = ['access_event_append(jsonb)', 'ensure_access_event_partitions(date, integer)', 'match_record_block_keys_index(boolean)'];

// ensure_access_event_partitions as created by CreateAccessLog, plus: a new month's partition grants nothing
// of its own (the default privileges below would otherwise let the role write to it directly).
const partitionsFunction = (revoke: boolean): string => `
  CREATE OR REPLACE FUNCTION ensure_access_event_partitions(from_month date, months integer) RETURNS integer
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
        ${revoke ? `EXECUTE format('REVOKE ALL ON TABLE %I FROM PUBLIC, ${APP}', name);` : ''}
        created := created + 1;
      END IF;
      m := (m + interval '1 month')::date;
    END LOOP;
    RETURN created;
  END $$`;

/**
 * The application role: the API and the workers stop connecting as the superuser, which could disable
 * the access log's append-only triggers or rewrite its rows. `cyswllt_app` logs in (trust auth locally; a
 * password comes from DATABASE_URL, set by `npm run migrate`) and owns nothing. It may read and write the
 * rows of every application table and run the functions; on the access log it may only read, append
 * through `access_event_append` and create partitions through `ensure_access_event_partitions`, and the
 * bulk linker's index rebuild goes through `match_record_block_keys_index` (all SECURITY DEFINER: they run
 * as the owner). Tables made by later migrations get the same row privileges by default; a later table
 * that must be protected revokes them itself.
 */
export class CreateAppRole1765000000000 implements MigrationInterface {
  name = 'CreateAppRole1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // Made once per server; another database's migration may be making it at the same moment.
    await q.query(`
      DO $$ BEGIN
        CREATE ROLE ${APP} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    // A role found with more power than it should have is brought back to its attributes (ALTER ROLE only
    // when needed: concurrent ALTERs of one role conflict).
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP}'
                     AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls OR NOT rolcanlogin)) THEN
          ALTER ROLE ${APP} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
        END IF;
      END $$`);
    await q.query(`DO $$ BEGIN EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO ${APP}', current_database()); END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP}`);
    await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);

    // Rows of every application table (partitions are reached through their parent).
    await q.query(`
      DO $$ DECLARE t record; BEGIN
        FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
                    AND c.relname <> ALL (ARRAY['${LOG_TABLES.join("','")}', 'migrations'])
        LOOP
          EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I TO ${APP}', t.relname);
        END LOOP;
      END $$`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP}`);
    await q.query(`GRANT SELECT ON access_event, access_chain_head, migrations TO ${APP}`);
    await q.query(`GRANT SELECT, INSERT ON audit_checkpoint TO ${APP}`); // the worker signs the chain head
    // The bulk linker drops the block-keys index for a large batch and builds it again afterwards, in its
    // transaction: as the owner, through one function, so the role owns no table.
    await q.query(`
      CREATE FUNCTION match_record_block_keys_index(present boolean) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF present THEN
          CREATE INDEX IF NOT EXISTS match_record_block_keys_idx ON match_record USING gin (block_keys);
        ELSE
          DROP INDEX IF EXISTS match_record_block_keys_idx;
        END IF;
      END $$`);

    // These run as their owner, with a fixed search path, for this role only.
    await q.query(partitionsFunction(true));
    for (const fn of OWNER_FUNCTIONS) {
      await q.query(`ALTER FUNCTION ${fn} SECURITY DEFINER SET search_path = public, pg_temp`);
      await q.query(`REVOKE EXECUTE ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP}`);
    }

    // What later migrations (run by this same owner) create.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP}`);
    for (const fn of ['access_event_append(jsonb)', 'ensure_access_event_partitions(date, integer)']) {
      await q.query(`ALTER FUNCTION ${fn} SECURITY INVOKER RESET search_path`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO PUBLIC`);
    }
    await q.query(`DROP FUNCTION match_record_block_keys_index(boolean)`);
    await q.query(partitionsFunction(false));
    await q.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM ${APP}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP}`);
    await q.query(`DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM ${APP}', current_database()); END $$`);
    // The role goes with the last database that used it; other databases of the server may still.
    await q.query(`
      DO $$ BEGIN
        DROP ROLE IF EXISTS ${APP};
      EXCEPTION WHEN dependent_objects_still_exist THEN NULL;
      END $$`);
  }
}
